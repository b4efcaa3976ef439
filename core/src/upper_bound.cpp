#include "upper_bound.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "int_sort.hpp"

namespace slotfit {
namespace {

constexpr double kUnreachable = -std::numeric_limits<double>::infinity();
// Bounds are sums of a few hundred terms of magnitude ≤ a few hundred: far above this rounding margin.
constexpr double kRounding = 1e-6;

// The most a student can earn from its starts when each start is worth `value[day][i]` (1 minus the price
// of the minutes it uses), and which starts earn it. The rules kept are those every legal schedule obeys
// among the student's new sessions of one day: no overlap; touching sessions form a chain of at most the
// limit; a gap shorter than the break needs one of the student's templates in it (then the templates decide,
// and each start is already legal against them). Dropping the rest only loosens the bound.
class StudentProblem {
 public:
  StudentProblem(const BoundStudent& s, int consecutive_limit, int min_break) : s_(s) {
    runs_ = s.minutes > consecutive_limit ? 1 : std::max(1, consecutive_limit / std::max(1, s.minutes));
    min_gap_ = std::max(1, min_break);
    // Per start: the start of the latest template that lies wholly between some earlier session and it.
    for (std::size_t d = 0; d < s.days.size(); ++d) {
      std::vector<int> latest;
      for (int t : s.starts[d]) {
        int best = std::numeric_limits<int>::min();
        for (const Span& tpl : s.templates[d])
          if (tpl.end <= t) best = std::max(best, tpl.start);
        latest.push_back(best);
      }
      template_before_.push_back(std::move(latest));
    }
  }

  // Fills `chosen` with (day entry, start index) pairs of one best selection; returns its value.
  double solve(const std::vector<std::vector<double>>& value, std::vector<std::pair<int, int>>& chosen,
               std::int64_t& work) {
    const int n = s_.needed;
    const std::size_t days = s_.days.size();
    day_best_.assign(days * static_cast<std::size_t>(n + 1), kUnreachable);
    day_end_.resize(days);
    for (std::size_t d = 0; d < days; ++d) solve_day(d, value[d], work);
    // Counts per day, at most the need in all: a knapsack over the days.
    reach_.assign((days + 1) * static_cast<std::size_t>(n + 1), kUnreachable);
    take_.assign((days + 1) * static_cast<std::size_t>(n + 1), 0);
    reach_[0] = 0;
    for (std::size_t d = 0; d < days; ++d)
      for (int k = 0; k <= n; ++k) {
        const double before = reach_[d * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(k)];
        if (before == kUnreachable) continue;
        for (int c = 0; c + k <= n; ++c) {
          const double add = c == 0 ? 0.0 : day_best_[d * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(c)];
          if (add == kUnreachable) continue;
          double& slot = reach_[(d + 1) * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(k + c)];
          if (before + add > slot) {
            slot = before + add;
            take_[(d + 1) * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(k + c)] = c;
          }
        }
      }
    int best_k = 0;
    for (int k = 1; k <= n; ++k)
      if (reach_[days * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(k)] >
          reach_[days * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(best_k)])
        best_k = k;
    const double best = reach_[days * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(best_k)];
    chosen.clear();
    int k = best_k;
    for (std::size_t d = days; d-- > 0;) {
      const int c = take_[(d + 1) * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(k)];
      if (c > 0) trace_day(d, c, chosen);
      k -= c;
    }
    return best;
  }

 private:
  std::size_t cell(std::size_t i, int c, int r) const {
    return (i * static_cast<std::size_t>(s_.needed + 1) + static_cast<std::size_t>(c)) * static_cast<std::size_t>(runs_) +
           static_cast<std::size_t>(r - 1);
  }

  // best[i][c][r]: the best value of c sessions of this day ending with start i, i closing a chain of r
  // touching sessions; prefix[i][c]: the best over starts ≤ i and any chain.
  void solve_day(std::size_t d, const std::vector<double>& value, std::int64_t& work) {
    const std::vector<int>& t = s_.starts[d];
    const std::size_t count = t.size();
    const int n = s_.needed;
    const int len = s_.minutes;
    // Per-day tables, kept for the trace and reused by the next solve (same sizes: no allocation).
    best_.resize(s_.days.size());
    from_.resize(s_.days.size());
    prefix_.resize(s_.days.size());
    prefix_at_.resize(s_.days.size());
    std::vector<double>& best = best_[d];
    std::vector<int>& from = from_[d];
    std::vector<double>& prefix = prefix_[d];
    std::vector<int>& prefix_at = prefix_at_[d];
    best.assign(count * static_cast<std::size_t>(n + 1) * static_cast<std::size_t>(runs_), kUnreachable);
    from.assign(best.size(), -1);
    prefix.assign(count * static_cast<std::size_t>(n + 1), kUnreachable);
    prefix_at.assign(prefix.size(), -1);
    std::size_t apart = 0;  // starts before this index end at least the break before the current start
    std::size_t touching = 0;
    for (std::size_t i = 0; i < count; ++i) {
      while (apart < i && t[apart] + len + min_gap_ <= t[i]) ++apart;
      // Starts whose session ends before a template that ends before t[i]: any gap is the templates' business.
      std::size_t free_before = apart;
      const int tpl = template_before_[d][i];
      if (tpl != std::numeric_limits<int>::min())
        while (free_before < i && t[free_before] + len <= tpl) ++free_before;
      while (touching < i && t[touching] + len < t[i]) ++touching;
      const bool has_touching = touching < i && t[touching] + len == t[i];
      const std::size_t reach = std::max(apart, free_before);  // predecessors in [0, reach) are compatible
      for (int c = 1; c <= n; ++c) {
        work += runs_;
        // A new chain.
        double fresh = c == 1 ? 0.0 : kUnreachable;
        int fresh_from = -1;
        if (c > 1 && reach > 0) {
          const std::size_t p = (reach - 1) * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(c - 1);
          fresh = prefix[p];
          fresh_from = prefix_at[p];
        }
        if (fresh != kUnreachable) {
          best[cell(i, c, 1)] = fresh + value[i];
          from[cell(i, c, 1)] = fresh_from;
        }
        // Extending the chain that ends where this start begins.
        if (has_touching && c > 1)
          for (int r = 2; r <= runs_; ++r) {
            const double before = best[cell(touching, c - 1, r - 1)];
            if (before == kUnreachable) continue;
            best[cell(i, c, r)] = before + value[i];
            from[cell(i, c, r)] = static_cast<int>(cell(touching, c - 1, r - 1));
          }
        // Prefix maximum over starts ≤ i.
        const std::size_t p = i * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(c);
        double top = i > 0 ? prefix[p - static_cast<std::size_t>(n + 1)] : kUnreachable;
        int top_at = i > 0 ? prefix_at[p - static_cast<std::size_t>(n + 1)] : -1;
        for (int r = 1; r <= runs_; ++r)
          if (best[cell(i, c, r)] > top) {
            top = best[cell(i, c, r)];
            top_at = static_cast<int>(cell(i, c, r));
          }
        prefix[p] = top;
        prefix_at[p] = top_at;
      }
    }
    for (int c = 1; c <= n; ++c) {
      if (count == 0) break;
      const std::size_t p = (count - 1) * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(c);
      day_best_[d * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(c)] = prefix[p];
    }
    day_end_[d].assign(static_cast<std::size_t>(n + 1), -1);
    if (count > 0)
      for (int c = 1; c <= n; ++c)
        day_end_[d][static_cast<std::size_t>(c)] =
            prefix_at[(count - 1) * static_cast<std::size_t>(n + 1) + static_cast<std::size_t>(c)];
  }

  void trace_day(std::size_t d, int c, std::vector<std::pair<int, int>>& chosen) const {
    int at = day_end_[d][static_cast<std::size_t>(c)];
    const std::size_t per_start = static_cast<std::size_t>(s_.needed + 1) * static_cast<std::size_t>(runs_);
    while (at >= 0) {
      chosen.emplace_back(static_cast<int>(d), static_cast<int>(static_cast<std::size_t>(at) / per_start));
      at = from_[d][static_cast<std::size_t>(at)];
    }
  }

  const BoundStudent& s_;
  int runs_ = 1;
  int min_gap_ = 1;
  std::vector<std::vector<int>> template_before_;
  std::vector<double> day_best_;
  std::vector<double> reach_;
  std::vector<int> take_;
  std::vector<std::vector<double>> best_;      // per day: see solve_day
  std::vector<std::vector<int>> from_;         // per day: the cell each best cell extends, -1 for none
  std::vector<std::vector<double>> prefix_;
  std::vector<std::vector<int>> prefix_at_;
  std::vector<std::vector<int>> day_end_;      // per day and count: the cell that ends the day's best
};

// The capacity rows that can bind: stretches of minutes between consecutive start or end points of any
// student's starts, where more students could sit than there is room.
struct Segment {
  int day = 0;
  int start = 0;
  int end = 0;
  int room = 0;
};

}  // namespace

BoundOutcome upper_bound(const BoundProblem& problem, int known, int max_iterations, std::int64_t work_budget,
                         const BoundDeadline* deadline) {
  BoundOutcome out;
  const std::size_t students = problem.students.size();
  std::vector<StudentProblem> solvers;
  solvers.reserve(students);
  for (const BoundStudent& s : problem.students)
    solvers.emplace_back(s, problem.consecutive_limit, problem.min_break);

  // Prices zero: each student alone.
  std::vector<double> alone(students, 0.0);
  std::vector<std::pair<int, int>> chosen;
  std::vector<std::vector<std::vector<double>>> value(students);
  for (std::size_t i = 0; i < students; ++i) {
    const BoundStudent& s = problem.students[i];
    value[i].resize(s.days.size());
    for (std::size_t d = 0; d < s.days.size(); ++d) value[i][d].assign(s.starts[d].size(), 1.0);
    alone[i] = solvers[i].solve(value[i], chosen, out.work);
    out.counting += static_cast<int>(std::lround(alone[i]));
  }
  out.bound = out.counting;
  if (out.bound <= known) return out;

  // Segments per day: cut at every start and end of every student's starts.
  std::vector<Segment> segments;
  std::array<std::vector<int>, 8> cuts;
  for (const BoundStudent& s : problem.students)
    for (std::size_t d = 0; d < s.days.size(); ++d)
      for (int t : s.starts[d]) {
        cuts[static_cast<std::size_t>(s.days[d])].push_back(t);
        cuts[static_cast<std::size_t>(s.days[d])].push_back(t + s.minutes);
      }
  std::array<std::size_t, 8> first_segment{};
  for (int day = 0; day < 8; ++day) {
    auto& c = cuts[static_cast<std::size_t>(day)];
    sort_ints(c);
    c.erase(std::unique(c.begin(), c.end()), c.end());
    first_segment[static_cast<std::size_t>(day)] = segments.size();
    for (std::size_t k = 0; k + 1 < c.size(); ++k) {
      int room = std::numeric_limits<int>::max();
      for (int m = c[k]; m < c[k + 1]; ++m) room = std::min(room, problem.room[static_cast<std::size_t>(day)][static_cast<std::size_t>(m)]);
      segments.push_back(Segment{day, c[k], c[k + 1], room});
    }
  }
  auto segment_of = [&](int day, int minute) {
    const auto& c = cuts[static_cast<std::size_t>(day)];
    return first_segment[static_cast<std::size_t>(day)] +
           static_cast<std::size_t>(std::lower_bound(c.begin(), c.end(), minute) - c.begin());
  };
  // A segment can bind only when more students reach it than it has room for.
  std::vector<int> reach(segments.size(), 0);
  std::vector<std::size_t> stamp(segments.size(), students);
  for (std::size_t i = 0; i < students; ++i) {
    const BoundStudent& s = problem.students[i];
    for (std::size_t d = 0; d < s.days.size(); ++d)
      for (int t : s.starts[d])
        for (std::size_t k = segment_of(s.days[d], t), e = segment_of(s.days[d], t + s.minutes); k < e; ++k)
          if (stamp[k] != i) {
            stamp[k] = i;
            ++reach[k];
          }
  }
  std::vector<char> contested(segments.size(), 0);
  for (std::size_t k = 0; k < segments.size(); ++k) contested[k] = reach[k] > segments[k].room ? 1 : 0;
  // Students whose starts touch no contested segment keep their value alone; the others are priced.
  std::vector<std::size_t> priced;
  double fixed = 0;
  std::vector<std::vector<std::vector<std::pair<std::size_t, std::size_t>>>> span(students);  // segment range per start
  for (std::size_t i = 0; i < students; ++i) {
    const BoundStudent& s = problem.students[i];
    bool touches = false;
    span[i].resize(s.days.size());
    for (std::size_t d = 0; d < s.days.size(); ++d)
      for (int t : s.starts[d]) {
        const std::size_t a = segment_of(s.days[d], t), b = segment_of(s.days[d], t + s.minutes);
        span[i][d].emplace_back(a, b);
        for (std::size_t k = a; k < b && !touches; ++k) touches = contested[k] != 0;
      }
    if (touches) priced.push_back(i);
    else fixed += alone[i];
  }

  std::vector<double> price(segments.size(), 0.0);
  std::vector<double> price_sum(segments.size() + 1, 0.0);
  std::vector<double> used(segments.size(), 0.0);
  double best = static_cast<double>(out.counting);
  double theta = 2.0;
  int since_better = 0;
  for (int step = 0; step < max_iterations && out.work < work_budget; ++step) {
    if (deadline != nullptr && deadline->reached()) {
      out.stopped_by_time = true;
      break;
    }
    ++out.iterations;
    price_sum[0] = 0;
    for (std::size_t k = 0; k < segments.size(); ++k) price_sum[k + 1] = price_sum[k] + price[k];
    double bound = fixed;
    for (std::size_t k = 0; k < segments.size(); ++k) {
      bound += price[k] * segments[k].room;
      used[k] = 0;
    }
    for (std::size_t i : priced) {
      const BoundStudent& s = problem.students[i];
      for (std::size_t d = 0; d < s.days.size(); ++d)
        for (std::size_t j = 0; j < s.starts[d].size(); ++j) {
          const auto [a, b] = span[i][d][j];
          value[i][d][j] = 1.0 - (price_sum[b] - price_sum[a]);
        }
      bound += solvers[i].solve(value[i], chosen, out.work);
      for (const auto& [d, j] : chosen) {
        const auto [a, b] = span[i][static_cast<std::size_t>(d)][static_cast<std::size_t>(j)];
        for (std::size_t k = a; k < b; ++k) used[k] += 1;
      }
    }
    if (bound < best - 1e-9) {
      best = bound;
      since_better = 0;
    } else if (++since_better >= 5) {
      theta /= 2;
      since_better = 0;
    }
    if (std::floor(best + kRounding) <= known || theta < 1e-3) break;
    // Projected subgradient: a price already at zero whose row has slack stays there.
    double norm = 0;
    for (std::size_t k = 0; k < segments.size(); ++k) {
      if (!contested[k]) continue;
      const double g = segments[k].room - used[k];
      if (price[k] <= 0 && g > 0) continue;
      norm += g * g;
    }
    if (norm == 0) break;  // every relaxed row is met with its price: this bound cannot be lowered this way
    const double stride = theta * (bound - known) / norm;
    for (std::size_t k = 0; k < segments.size(); ++k) {
      if (!contested[k]) continue;
      price[k] = std::max(0.0, price[k] - stride * (segments[k].room - used[k]));
    }
  }
  out.bound = std::min(out.counting, static_cast<int>(std::floor(best + kRounding)));
  out.bound = std::max(out.bound, 0);
  return out;
}

}  // namespace slotfit

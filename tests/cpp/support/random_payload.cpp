#include "support/random_payload.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace slotfit::testing {

int uniform(std::mt19937& rng, int lo, int hi) {
  const std::uint32_t span = static_cast<std::uint32_t>(static_cast<std::int64_t>(hi) - lo) + 1u;
  // 2^32 mod span: the raw values below it would make the low results more likely.
  const std::uint32_t reject_below = (0u - span) % span;
  for (;;) {
    const std::uint32_t raw = static_cast<std::uint32_t>(rng());
    if (raw >= reject_below) return lo + static_cast<int>(raw % span);
  }
}

bool chance(std::mt19937& rng, int percent) {
  return uniform(rng, 0, 99) < percent;
}

namespace {

template <typename T>
const T& pick(std::mt19937& rng, const std::vector<T>& items) {
  return items[static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(items.size()) - 1))];
}

template <typename T>
void shuffle(std::mt19937& rng, std::vector<T>& items) {
  for (int i = static_cast<int>(items.size()) - 1; i > 0; --i) {
    std::swap(items[static_cast<std::size_t>(i)], items[static_cast<std::size_t>(uniform(rng, 0, i))]);
  }
}

// Mostly on the 5-minute grid, now and then on an odd minute, so that off-grid edges get exercised too.
int some_time(std::mt19937& rng, int lo, int hi) {
  const int t = uniform(rng, lo, hi);
  return chance(rng, 80) ? t - t % 5 : t;
}

int hm(int h, int m) {
  return h * 60 + m;
}

// "bell-3". Built by append: g++ 12 warns falsely (-Wrestrict) on "literal" + std::string at -O2.
std::string named(const char* prefix, long long n) {
  return std::string(prefix).append(std::to_string(n));
}

// A day for a row: mostly the school week, sometimes a weekend day (which matters only when it is a work
// day).
int some_day(std::mt19937& rng) {
  return chance(rng, 90) ? uniform(rng, 1, 5) : uniform(rng, 6, 7);
}

std::string grade_variant(std::mt19937& rng, const std::string& grade) {
  switch (uniform(rng, 0, 5)) {
    case 0: {
      std::string lower = grade;
      for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      return lower;
    }
    case 1:
      return std::string(" ").append(grade).append(" ");
    default:
      return grade;
  }
}

struct Teacher {
  std::string id;
  std::string name;
};

std::string name_variant(std::mt19937& rng, const std::string& name) {
  switch (uniform(rng, 0, 7)) {
    case 0: {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      return lower;
    }
    case 1: {
      std::string spaced = "  ";
      for (char c : name) {
        spaced.push_back(c);
        if (c == ' ') spaced.append("  ");
      }
      spaced.append(" ");
      return spaced;
    }
    case 2: {
      std::string upper = name;
      for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      return upper;
    }
    case 3:
      return std::string("\t").append(name);
    default:
      return name;
  }
}

SessionRow session_row(const Payload& p, std::string id, const std::string& student_id) {
  SessionRow s;
  s.id = std::move(id);
  s.student_id = student_id;
  s.service_type = p.provider.role;
  s.delivered_by = p.provider.role == "sea" ? "sea" : "provider";
  if (p.provider.role == "sea") s.assigned_to_sea_id = p.provider.id;
  s.status = "active";
  return s;
}

void place(SessionRow& s, int day, int start, int minutes) {
  s.day_of_week = day;
  s.start_time = start;
  s.end_time = std::min(start + minutes, 24 * 60);
}

}  // namespace

RandomInstance random_instance(std::uint32_t seed) {
  std::mt19937 rng(seed);
  RandomInstance out;
  Payload& p = out.payload;
  Policy& policy = out.policy;

  p.provider = ProviderInfo{named("provider-", seed), chance(rng, 15) ? "sea" : "speech", chance(rng, 15)};
  p.school = SchoolInfo{std::string("061899002301"), std::string("Random Elementary"), "2026-2027"};
  p.data_version = "v1";

  // A crowded week (few days, many students, low capacity) leaves students unplaced, so that "why not" and
  // the different-days rule get exercised, not only the easy path.
  const bool crowded = chance(rng, 35);
  if (!chance(rng, 20)) {
    for (int d = 1; d <= 5; ++d) {
      if (chance(rng, crowded ? 40 : 80)) p.work_days.push_back(d);
    }
    if (chance(rng, 10)) p.work_days.push_back(6);
    if (chance(rng, 5)) p.work_days.push_back(7);
    shuffle(rng, p.work_days);  // the order of the list must not matter
  }

  std::vector<std::string> grades = {"K", "TK", "1", "2", "3", "4", "5"};
  shuffle(rng, grades);
  grades.resize(static_cast<std::size_t>(uniform(rng, 2, 4)));
  if (chance(rng, 60) && std::find(grades.begin(), grades.end(), "K") == grades.end()) grades.push_back("K");

  // School hours. Weekend rows only where they could matter.
  std::vector<int> hour_days = {1, 2, 3, 4, 5, 6, 7};
  for (const std::string& g : grades) {
    const bool kinder = g == "K" || g == "TK";
    const bool halves = kinder && chance(rng, 70);
    const bool own = kinder ? chance(rng, 40) : chance(rng, 75);
    for (int day : hour_days) {
      if (day >= 6 && !chance(rng, 30)) continue;
      if (halves && chance(rng, 85)) {
        p.school_hours.push_back(SchoolHoursRow{grade_variant(rng, std::string(g).append("-AM")), day,
                                                some_time(rng, hm(7, 45), hm(8, 30)),
                                                some_time(rng, hm(11, 0), hm(11, 45))});
        if (chance(rng, 85)) {
          p.school_hours.push_back(SchoolHoursRow{grade_variant(rng, std::string(g).append("-PM")), day,
                                                  some_time(rng, hm(11, 45), hm(12, 30)),
                                                  some_time(rng, hm(14, 0), hm(15, 30))});
        }
      }
      if (own && chance(rng, 85)) {
        p.school_hours.push_back(
            SchoolHoursRow{grade_variant(rng, g), day, some_time(rng, hm(7, 30), hm(9, 0)),
                           some_time(rng, kinder ? hm(11, 30) : hm(13, 30), hm(15, 30))});
      }
    }
  }
  if (chance(rng, 50)) {
    for (int day : hour_days) {
      if (chance(rng, 80)) {
        p.school_hours.push_back(SchoolHoursRow{chance(rng, 80) ? "default" : " Default", day,
                                                some_time(rng, hm(7, 30), hm(9, 0)),
                                                some_time(rng, hm(13, 0), hm(15, 30))});
      }
    }
  }
  // A second row for the same grade and day narrows the first.
  for (int n = uniform(rng, 0, 2); n > 0 && !p.school_hours.empty(); --n) {
    SchoolHoursRow again = pick(rng, p.school_hours);
    again.start_time += uniform(rng, 0, 20);
    again.end_time -= uniform(rng, 0, 20);
    p.school_hours.push_back(again);
  }

  const std::vector<std::optional<std::string>> bell_names = {std::string("Lunch"),
                                                              std::string("Recess"),
                                                              std::string("Brunch"),
                                                              std::string("Advisory"),
                                                              std::nullopt,
                                                              std::string("Period 3"),
                                                              std::string("period A"),
                                                              std::string("  PERIOD 2 "),
                                                              std::string("Periodic assembly"),
                                                              std::string("Period"),
                                                              std::string("Block 2")};
  for (int i = 0, n = uniform(rng, 0, 10); i < n; ++i) {
    std::string list;
    if (!chance(rng, 10)) {
      std::vector<std::string> listed = grades;
      listed.push_back("1");
      shuffle(rng, listed);
      listed.resize(static_cast<std::size_t>(uniform(rng, 1, static_cast<int>(listed.size()))));
      for (std::size_t k = 0; k < listed.size(); ++k) {
        if (k > 0) list += chance(rng, 70) ? "," : " , ";
        list += grade_variant(rng, listed[k]);
      }
    } else {
      list = chance(rng, 50) ? "" : " ";
    }
    const int start = some_time(rng, hm(8, 30), hm(13, 30));
    p.bell_schedules.push_back(BellScheduleRow{named("bell-", i), list, some_day(rng), start,
                                               start + uniform(rng, 10, 45), pick(rng, bell_names)});
  }

  const std::vector<Teacher> teachers = {
      {"t1", "Ms. Rivera"}, {"t2", "Mr. Chen"}, {"t3", "Dr. Okafor Smith"}};
  for (int i = 0, n = uniform(rng, 0, 6); i < n; ++i) {
    const Teacher& t = pick(rng, teachers);
    SpecialActivityRow row;
    row.id = named("act-", i);
    const int id_kind = uniform(rng, 0, 99);
    if (id_kind < 50) {
      row.teacher_id = t.id;
    } else if (id_kind < 65) {
      row.teacher_id = pick(rng, teachers).id;  // possibly someone else's id next to this name
    }
    row.teacher_name = chance(rng, 5) ? "  " : name_variant(rng, t.name);
    row.day_of_week = some_day(rng);
    row.start_time = some_time(rng, hm(8, 30), hm(14, 0));
    row.end_time = row.start_time + uniform(rng, 30, 60);
    if (!chance(rng, 20))
      row.activity_name = pick(rng, std::vector<std::string>{"PE", "Music", "Library", "Art"});
    p.special_activities.push_back(std::move(row));
  }

  const std::vector<int> lengths = {15, 20, 25, 30, 30, 30, 45, 60, 75};
  const int student_count = crowded ? uniform(rng, 7, 12) : uniform(rng, 3, 9);
  for (int i = 0; i < student_count; ++i) {
    StudentRow s;
    s.id = named("st-", i);
    s.initials = named("S", i);
    if (!chance(rng, 10)) s.grade_level = grade_variant(rng, pick(rng, grades));
    if (!chance(rng, 15)) {
      const Teacher& t = pick(rng, teachers);
      if (chance(rng, 60)) s.teacher_id = chance(rng, 90) ? t.id : std::string("t9");
      if (chance(rng, 85)) s.teacher_name = chance(rng, 3) ? " " : name_variant(rng, t.name);
    }
    if (chance(rng, 50)) s.child_id = named("child-", i);
    const int freq = uniform(rng, 0, 99);
    if (freq < 8) {
      s.sessions_per_week = std::nullopt;
    } else if (freq < 13) {
      s.sessions_per_week = 0;
    } else {
      s.sessions_per_week = uniform(rng, 1, crowded ? 5 : 4);
    }
    const int len = uniform(rng, 0, 99);
    if (len < 5) {
      s.minutes_per_session = std::nullopt;
    } else if (len < 8) {
      s.minutes_per_session = 0;
    } else {
      s.minutes_per_session = pick(rng, lengths);
    }
    p.students.push_back(std::move(s));
  }

  for (int i = 0, n = uniform(rng, 0, 6); i < n; ++i) {
    ProtectedTimeRow row;
    row.id = named("prot-", i);
    const StudentRow& s = pick(rng, p.students);
    const int kind = uniform(rng, 0, 99);
    if (kind < 45) {
      row.student_id = s.id;
      if (chance(rng, 30)) row.child_id = s.child_id;
    } else if (kind < 75) {
      // Another provider's row of the same child: a foreign student id, our child id.
      if (chance(rng, 50)) row.student_id = named("foreign-", i);
      row.child_id = s.child_id.value_or("child-unknown");
    } else {
      row.student_id = named("foreign-", i);
      if (chance(rng, 50)) row.child_id = "child-99";
    }
    row.day_of_week = some_day(rng);
    row.start_time = some_time(rng, hm(8, 0), hm(14, 0));
    row.end_time = row.start_time + uniform(rng, 15, 90);
    if (chance(rng, 70)) row.label = "Mainstreaming";
    p.protected_times.push_back(std::move(row));
  }

  for (int i = 0, n = uniform(rng, 0, 4); i < n; ++i) {
    const int start = some_time(rng, hm(8, 0), hm(14, 0));
    p.other_provider_sessions.push_back(
        OtherProviderSessionRow{pick(rng, p.students).id, some_day(rng), start, start + uniform(rng, 20, 45),
                                pick(rng, std::vector<std::string>{"OT", "PT", "counselor"})});
  }

  for (int i = 0, n = uniform(rng, 0, 4); i < n; ++i) {
    ProviderBusyRow row;
    if (!chance(rng, 30)) row.id = named("busy-", i);
    row.day_of_week = some_day(rng);
    row.start_time = some_time(rng, hm(7, 30), hm(14, 30));
    row.end_time = row.start_time + uniform(rng, 15, 60);
    if (chance(rng, 60)) row.label = "IEP meeting";
    if (chance(rng, 30)) row.school_site = "Other Elementary";
    p.provider_busy_times.push_back(std::move(row));
  }

  const std::vector<int> work = p.work_days.empty() ? std::vector<int>{1, 2, 3, 4, 5} : p.work_days;
  int next_session = 0;
  auto new_id = [&] { return named("sess-", next_session++); };
  for (const StudentRow& s : p.students) {
    const int minutes = s.minutes_per_session.value_or(0) > 0 ? *s.minutes_per_session : 30;
    for (int k = chance(rng, 60) ? uniform(rng, 0, 2) : 0; k > 0; --k) {
      SessionRow row = session_row(p, new_id(), s.id);
      const int day = chance(rng, 85) ? pick(rng, work) : uniform(rng, 1, 7);
      // One draw per statement: the order in which function arguments are evaluated differs between
      // compilers.
      const int start = some_time(rng, hm(8, 0), hm(14, 30));
      const int length = chance(rng, 90) ? minutes : uniform(rng, 15, 75);
      place(row, day, start, length);
      if (chance(rng, 3)) row.status = "needs_attention";
      const SessionRow first = row;
      p.sessions.push_back(std::move(row));
      if (chance(rng, 40)) {
        // A neighbour that touches or overlaps the first, of the same student or of another one.
        const std::string& who = chance(rng, 70) ? s.id : pick(rng, p.students).id;
        SessionRow next = session_row(p, new_id(), who);
        // Touching on either side, overlapping, sharing a start or an end (chains that branch), a short gap.
        const int len = pick(rng, std::vector<int>{15, 20, 30, 45});
        const int at =
            pick(rng, std::vector<int>{*first.end_time, *first.start_time - len, *first.start_time + 10,
                                       *first.start_time, *first.end_time - len, *first.end_time + 15});
        place(next, day, std::max(at, 0), len);
        p.sessions.push_back(std::move(next));
      }
    }
    if (chance(rng, 25)) {
      for (int k = uniform(rng, 1, 2); k > 0; --k) p.sessions.push_back(session_row(p, new_id(), s.id));
    }
  }
  if (chance(rng, 20)) {
    // A day already three deep all day long: the first pass of the ladder finds nothing there, the full
    // capacity does; the different-days rule must still prefer it to a day the student already has.
    const int day = pick(rng, work);
    for (int k = 0; k < 3; ++k) {
      SessionRow row = session_row(p, new_id(), pick(rng, p.students).id);
      place(row, day, hm(7, 0), 9 * 60);
      p.sessions.push_back(std::move(row));
    }
  }
  shuffle(rng, p.sessions);  // placeholders and scheduled rows come in any order

  if (crowded || !chance(rng, 60)) {
    policy.capacity = uniform(rng, 1, 4);
    policy.capacity_ladder =
        policy.capacity > 3 ? std::vector<int>{3, policy.capacity} : std::vector<int>{policy.capacity};
  }
  const int step = uniform(rng, 0, 99);
  policy.grid_step = step < 70 ? 5 : step < 85 ? 10 : 15;
  if (chance(rng, 15)) policy.consecutive_limit = chance(rng, 50) ? 45 : 90;
  if (chance(rng, 15)) policy.min_break = chance(rng, 50) ? 20 : 45;
  if (chance(rng, 20)) {
    policy.default_window_start = hm(8, 30);
    policy.default_window_end = hm(14, 0);
  }
  const int pattern = uniform(rng, 0, 99);
  if (pattern >= 90)
    policy.class_period_pattern = "block *";
  else if (pattern >= 85)
    policy.class_period_pattern = "P?RIOD *";
  return out;
}

RandomInstance random_tight_instance(std::uint32_t seed) {
  std::mt19937 rng(seed ^ 0x9e3779b9u);
  RandomInstance out;
  Payload& p = out.payload;
  Policy& policy = out.policy;
  p.provider = ProviderInfo{"provider-tight", "speech", false};
  p.school = SchoolInfo{std::string("061899002301"), std::string("Tight Elementary"), "2026-2027"};
  p.data_version = "v1";

  std::vector<int> days = {1, 2, 3, 4, 5};
  shuffle(rng, days);
  days.resize(static_cast<std::size_t>(uniform(rng, 2, 3)));
  std::sort(days.begin(), days.end());
  p.work_days = days;

  // One window for the whole school on the work days; off days keep the policy window (they are never used).
  // Two at a time get a shorter window: the same crowding, and a search that stays small.
  policy.capacity = uniform(rng, 1, 2);
  const int open = hm(8, 0);
  const int close = open + 15 * (policy.capacity == 1 ? uniform(rng, 8, 12) : uniform(rng, 5, 8));
  for (int day : days) p.school_hours.push_back(SchoolHoursRow{"2", day, open, close});
  if (chance(rng, 50)) {
    const int day = pick(rng, days);
    const int start = open + 15 * uniform(rng, 2, 6);
    p.bell_schedules.push_back(
        BellScheduleRow{"recess", "2", day, start, start + 15 * uniform(rng, 1, 2), "Recess"});
  }
  if (chance(rng, 40)) {
    const int day = pick(rng, days);
    const int start = open + 15 * uniform(rng, 0, 6);
    p.provider_busy_times.push_back(
        ProviderBusyRow{std::string("duty"), day, start, start + 30, std::string("Duty"), {}});
  }

  const int student_count = uniform(rng, 4, 7);
  for (int i = 0; i < student_count; ++i) {
    StudentRow s;
    s.id = named("st-", i);
    s.initials = named("S", i);
    s.grade_level = "2";
    s.sessions_per_week = uniform(rng, 1, 3);
    s.minutes_per_session = pick(rng, std::vector<int>{30, 30, 45, 60});
    p.students.push_back(std::move(s));
  }
  for (int i = 0, n = uniform(rng, 0, 2); i < n; ++i) {
    const int start = open + 15 * uniform(rng, 0, 6);
    p.protected_times.push_back(ProtectedTimeRow{named("prot-", i),
                                                 pick(rng, p.students).id,
                                                 {},
                                                 pick(rng, days),
                                                 start,
                                                 start + 15 * uniform(rng, 2, 4),
                                                 {}});
  }

  policy.capacity_ladder = {policy.capacity};
  policy.grid_step = 15;
  return out;
}

}  // namespace slotfit::testing

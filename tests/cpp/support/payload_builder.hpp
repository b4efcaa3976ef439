#pragma once
// Builds payloads in code for rule and scheduler tests: one line per row, times as "HH:MM".
#include <string>
#include <string_view>

#include "slotfit/payload.hpp"

namespace slotfit::testing {

int at(std::string_view hhmm);  // "10:30" -> 630; aborts the test on a bad time

class PayloadBuilder {
 public:
  PayloadBuilder();

  PayloadBuilder& provider(std::string role, bool multi_school = false);
  PayloadBuilder& work_days(std::vector<int> days);
  PayloadBuilder& hours(std::string grade, int day, std::string_view start, std::string_view end);
  PayloadBuilder& hours_all_days(std::string grade, std::string_view start, std::string_view end);
  PayloadBuilder& student(std::string id, std::optional<std::string> grade, std::optional<int> per_week = 2,
                          std::optional<int> minutes = 30);
  PayloadBuilder& teacher(std::optional<std::string> teacher_id, std::optional<std::string> teacher_name);  // last student
  PayloadBuilder& child(std::string child_id);  // of the last student
  PayloadBuilder& bell(std::string id, std::string grades, int day, std::string_view start, std::string_view end,
                       std::optional<std::string> period_name);
  PayloadBuilder& activity(std::string id, std::optional<std::string> teacher_id, std::string teacher_name, int day,
                           std::string_view start, std::string_view end, std::string name = "PE");
  PayloadBuilder& protect(std::string id, std::optional<std::string> student_id, std::optional<std::string> child_id,
                          int day, std::string_view start, std::string_view end, std::string label = "Mainstreaming");
  PayloadBuilder& session(std::string id, std::string student_id, int day, std::string_view start,
                          std::string_view end);
  PayloadBuilder& placeholder(std::string id, std::string student_id);
  PayloadBuilder& other_provider(std::string student_id, int day, std::string_view start, std::string_view end,
                                 std::string role = "OT");
  PayloadBuilder& busy(std::optional<std::string> id, int day, std::string_view start, std::string_view end,
                       std::string label = "IEP meeting");

  Payload build() const { return payload_; }
  Payload& rows() { return payload_; }

 private:
  Payload payload_;
};

}  // namespace slotfit::testing

#pragma once
// Normalisations the rules compare by: grades trimmed and case-blind, teacher names also with inner spaces folded.
#include <string>
#include <string_view>
#include <vector>

namespace slotfit {

std::string_view trim(std::string_view text);
std::string normalize_grade(std::string_view grade);          // " k " -> "K"
std::string normalize_teacher_name(std::string_view name);    // "  Ms.  Rivera " -> "ms. rivera"
std::vector<std::string> split_grade_list(std::string_view list);  // "1, 2,3" -> {"1","2","3"}, normalised
// Case-blind glob over the trimmed text: '*' any run (also empty), '?' one character.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace slotfit

// The module's strtod: JavaScript's Number() reads the number. Its one caller is nlohmann's lexer, for a JSON
// number with a fraction or an exponent, already checked against JSON's grammar. musl's strtod reads through
// 128-bit long double arithmetic done in software, about 5 KB of the module gzipped (README "The package's size
// and speed"); Number() rounds correctly as well, so the module reads every number as the native build does
// (1e400 is Infinity, which the parser refuses as too large, as with glibc).
#include <emscripten/emscripten.h>

EM_JS(double, slotfit_number_from_ascii, (const char* text, int length), {
  var s = "";
  for (var i = 0; i < length; ++i) s += String.fromCharCode(HEAPU8[text + i]);
  return Number(s);
});

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

const char* skip_digits(const char* p) {
  while (is_digit(*p)) ++p;
  return p;
}

}  // namespace

// The JSON number at `text` (-?int(.frac)?([eE][+-]?digits)?); `end` past it.
extern "C" double strtod(const char* text, char** end) {
  const char* p = text;
  if (*p == '-') ++p;
  p = skip_digits(p);
  if (*p == '.') p = skip_digits(p + 1);
  if (*p == 'e' || *p == 'E') {
    ++p;
    if (*p == '+' || *p == '-') ++p;
    p = skip_digits(p);
  }
  if (end != nullptr) *end = const_cast<char*>(p);
  return slotfit_number_from_ascii(text, static_cast<int>(p - text));
}

// Its siblings, for the link alone: libc++'s string.o names them (std::stof, std::stold), and a strtof or strtold
// from libc would bring libc's strtod back beside this one. Nothing in the module calls them.
extern "C" float strtof(const char* text, char** end) { return static_cast<float>(strtod(text, end)); }
extern "C" long double strtold(const char* text, char** end) { return strtod(text, end); }

#include "io/npy_header.hpp"

#include <cctype>
#include <charconv>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace cerebro::io {
namespace {

constexpr std::string_view kMagic{"\x93" "NUMPY", 6};
constexpr size_t kMaxDictLength = size_t{1} << 20;  // NumPy itself refuses over 10,000 by default
constexpr int kMaxNesting = 8;                      // a hostile "((((..." must not blow the stack

// The subset of Python literals a .npy header can hold.
struct Literal {
  enum class Kind { String, Bool, Int, Tuple, List, None };
  Kind kind = Kind::None;
  std::string text;
  bool flag = false;
  int64_t number = 0;
  std::vector<Literal> items;
};

// A recursive-descent reader for the dict literal; it never evaluates anything.
class DictParser {
 public:
  DictParser(std::string_view text, const std::string& context) : text_(text), context_(context) {}

  std::vector<std::pair<std::string, Literal>> parse() {
    std::vector<std::pair<std::string, Literal>> entries;
    expect('{');
    while (!consume('}')) {
      skip_space();
      if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) malformed("expected a quoted key");
      std::string key = string_literal();
      expect(':');
      entries.emplace_back(std::move(key), value(0));
      if (!consume(',')) {
        expect('}');
        break;
      }
    }
    skip_space();
    if (pos_ != text_.size()) malformed("unexpected text after the dict");
    return entries;
  }

  [[noreturn]] void malformed(std::string_view why) const {
    throw_bad_input(context_, "malformed .npy header: " + std::string(why) + " at character " +
                                  std::to_string(pos_));
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool consume(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  void expect(char c) {
    if (!consume(c)) malformed(std::string("expected '") + c + "'");
  }

  Literal value(int depth) {
    if (depth > kMaxNesting) malformed("values nested too deeply");
    skip_space();
    if (pos_ >= text_.size()) malformed("unexpected end");
    const char c = text_[pos_];
    Literal out;
    if (c == '\'' || c == '"') {
      out.kind = Literal::Kind::String;
      out.text = string_literal();
    } else if (c == '(' || c == '[') {
      ++pos_;
      out.kind = c == '(' ? Literal::Kind::Tuple : Literal::Kind::List;
      out.items = sequence(c == '(' ? ')' : ']', depth);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      out.kind = Literal::Kind::Int;
      out.number = integer();
    } else {
      const size_t start = pos_;
      while (pos_ < text_.size() && (std::isalpha(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
        ++pos_;
      }
      const std::string_view word = text_.substr(start, pos_ - start);
      if (word == "True" || word == "False") {
        out.kind = Literal::Kind::Bool;
        out.flag = word == "True";
      } else if (word != "None") {
        pos_ = start;
        malformed("unexpected value");
      }
    }
    return out;
  }

  // Items up to `close`; a trailing comma is allowed as in Python ("(3,)").
  std::vector<Literal> sequence(char close, int depth) {
    std::vector<Literal> items;
    while (!consume(close)) {
      items.push_back(value(depth + 1));
      if (!consume(',')) {
        expect(close);
        break;
      }
    }
    return items;
  }

  std::string string_literal() {
    const char quote = text_[pos_++];
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      out += text_[pos_++];
    }
    if (pos_ >= text_.size()) malformed("unterminated string");
    ++pos_;
    return out;
  }

  int64_t integer() {
    const char* begin = text_.data() + pos_;
    const char* end = text_.data() + text_.size();
    int64_t n = 0;
    const auto [next, ec] = std::from_chars(begin, end, n);
    if (ec == std::errc::result_out_of_range) malformed("integer too large");
    if (ec != std::errc()) malformed("expected an integer");
    pos_ += static_cast<size_t>(next - begin);
    // Files written by Python 2 spell long integers "3L" (NumPy's own reader strips the suffix).
    if (pos_ < text_.size() && (text_[pos_] == 'L' || text_[pos_] == 'l')) ++pos_;
    return n;
  }

  std::string_view text_;
  size_t pos_ = 0;
  const std::string& context_;
};

NpyDtype dtype_from_descr(const Literal& descr, const DictParser& parser, const std::string& context) {
  if (descr.kind == Literal::Kind::List) {
    throw_bad_input(context, "structured dtypes are not supported (float32, float64 or uint8)");
  }
  if (descr.kind != Literal::Kind::String) parser.malformed("'descr' is not a string");
  if (descr.text == "<f4") return NpyDtype::Float32;
  if (descr.text == "<f8") return NpyDtype::Float64;
  // A single byte has no byte order: NumPy writes '|u1', other writers '<u1'.
  if (descr.text == "|u1" || descr.text == "<u1") return NpyDtype::UInt8;
  throw_bad_input(context, "dtype '" + descr.text + "' is not supported (float32, float64 or uint8)");
}

}  // namespace

NpyPreamble parse_npy_preamble(std::string_view prefix, const std::string& context) {
  if (prefix.empty()) throw_bad_input(context, "file is empty (not a .npy file)");
  if (prefix.substr(0, kMagic.size()) != kMagic) throw_bad_input(context, "not a .npy file (bad magic string)");
  if (prefix.size() < 10) throw_bad_input(context, "file ends inside its .npy header");
  NpyPreamble out;
  out.major = static_cast<unsigned char>(prefix[6]);
  const int minor = static_cast<unsigned char>(prefix[7]);
  if (out.major < 1 || out.major > 3 || minor != 0) {
    throw_bad_input(context, "unsupported .npy format version " + std::to_string(out.major) + "." +
                                 std::to_string(minor) + " (1.0, 2.0 or 3.0)");
  }
  const size_t length_bytes = out.major == 1 ? 2 : 4;
  out.dict_offset = 8 + length_bytes;
  if (prefix.size() < out.dict_offset) throw_bad_input(context, "file ends inside its .npy header");
  for (size_t i = 0; i < length_bytes; ++i) {
    out.dict_length |= size_t{static_cast<unsigned char>(prefix[8 + i])} << (8 * i);
  }
  if (out.dict_length > kMaxDictLength) {
    throw_bad_input(context, "malformed .npy header: its length " + std::to_string(out.dict_length) +
                                 " is implausible (over 1 MiB)");
  }
  return out;
}

NpyHeader parse_npy_dict(std::string_view dict, const std::string& context) {
  DictParser parser(dict, context);
  const auto entries = parser.parse();
  const Literal* descr = nullptr;
  const Literal* fortran_order = nullptr;
  const Literal* shape = nullptr;
  for (const auto& [key, literal] : entries) {
    const Literal** slot = key == "descr" ? &descr
                           : key == "fortran_order" ? &fortran_order
                           : key == "shape" ? &shape
                                            : nullptr;
    if (slot == nullptr) parser.malformed("unexpected key '" + key + "'");
    if (*slot != nullptr) parser.malformed("key '" + key + "' appears twice");
    *slot = &literal;
  }
  if (descr == nullptr || fortran_order == nullptr || shape == nullptr) {
    parser.malformed("the keys 'descr', 'fortran_order' and 'shape' are not all there");
  }
  NpyHeader out;
  out.dtype = dtype_from_descr(*descr, parser, context);
  if (fortran_order->kind != Literal::Kind::Bool) parser.malformed("'fortran_order' is not True or False");
  if (fortran_order->flag) {
    throw_bad_input(context, "Fortran-order (column-major) arrays are not supported; "
                             "save it with np.save(path, np.ascontiguousarray(a))");
  }
  if (shape->kind != Literal::Kind::Tuple) parser.malformed("'shape' is not a tuple");
  for (const Literal& dim : shape->items) {
    if (dim.kind != Literal::Kind::Int) parser.malformed("'shape' holds something other than integers");
    out.shape.push_back(dim.number);
  }
  validate_shape(out.shape, context);
  return out;
}

int64_t npy_item_size(NpyDtype dtype) {
  switch (dtype) {
    case NpyDtype::Float32: return 4;
    case NpyDtype::Float64: return 8;
    case NpyDtype::UInt8: return 1;
  }
  return 1;
}

int64_t npy_data_bytes(const NpyHeader& header) {
  return element_count(header.shape) * npy_item_size(header.dtype);
}

std::string npy_f32_header(const Shape& full_shape) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_tuple(full_shape) + ", }";
  if (!full_shape.empty()) {
    const size_t digits = std::to_string(full_shape.front()).size();
    if (digits < kNpyGrowthAxisDigits) dict.append(kNpyGrowthAxisDigits - digits, ' ');
  }
  const auto wrap = [&dict](int major) {
    const size_t length_bytes = major == 1 ? 2 : 4;
    const size_t unpadded = kMagic.size() + 2 + length_bytes + dict.size() + 1;  // +1: the '\n'
    const size_t padding = kNpyAlign - unpadded % kNpyAlign;                   // NumPy pads 1..64
    const size_t dict_length = dict.size() + padding + 1;
    std::string out(kMagic);
    out += static_cast<char>(major);
    out += '\0';
    for (size_t i = 0; i < length_bytes; ++i) out += static_cast<char>((dict_length >> (8 * i)) & 0xff);
    out += dict;
    out.append(padding, ' ');
    out += '\n';
    return std::pair{out, dict_length};
  };
  auto [v1, v1_length] = wrap(1);
  if (v1_length <= 0xffff) return v1;
  return wrap(2).first;
}

}  // namespace cerebro::io

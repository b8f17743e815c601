#pragma once
// What a layer factory gets from a Keras file: the layer's class, name and JSON config, and the
// Keras generation (some defaults and formulas changed between Keras 2 and 3).
#include <nlohmann/json.hpp>
#include <string>

#include "core/shape.hpp"

namespace cerebro::model {

struct LayerConfig {
  std::string class_name;
  std::string name;
  const nlohmann::json& config;
  int keras_major = 2;
  std::string file;  // for error messages

  // "file: layer 'name' (Class)" — the context every error about this layer carries.
  std::string context() const;

  // Typed accessors that throw a one-line BadInput error naming the layer when a key has the
  // wrong type; `fallback` is used when the key is absent or null.
  std::string get_string(const char* key, const std::string& fallback) const;
  int64_t get_int(const char* key, int64_t fallback) const;
  double get_double(const char* key, double fallback) const;
  bool get_bool(const char* key, bool fallback) const;
  bool has(const char* key) const;
};

}  // namespace cerebro::model

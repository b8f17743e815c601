#include "model/layer_config.hpp"

#include "core/error.hpp"

namespace cerebro::model {
namespace {

const nlohmann::json* find_key(const nlohmann::json& config, const char* key) {
  if (!config.is_object()) return nullptr;
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

std::string LayerConfig::context() const {
  std::string where = "layer '" + name + "' (" + class_name + ")";
  return file.empty() ? where : file + ": " + where;
}

bool LayerConfig::has(const char* key) const { return find_key(config, key) != nullptr; }

std::string LayerConfig::get_string(const char* key, const std::string& fallback) const {
  const nlohmann::json* v = find_key(config, key);
  if (!v) return fallback;
  if (!v->is_string()) throw_bad_input(context(), std::string("config key '") + key + "' is not a string");
  return v->get<std::string>();
}

int64_t LayerConfig::get_int(const char* key, int64_t fallback) const {
  const nlohmann::json* v = find_key(config, key);
  if (!v) return fallback;
  if (!v->is_number_integer()) throw_bad_input(context(), std::string("config key '") + key + "' is not an integer");
  return v->get<int64_t>();
}

double LayerConfig::get_double(const char* key, double fallback) const {
  const nlohmann::json* v = find_key(config, key);
  if (!v) return fallback;
  if (!v->is_number()) throw_bad_input(context(), std::string("config key '") + key + "' is not a number");
  return v->get<double>();
}

bool LayerConfig::get_bool(const char* key, bool fallback) const {
  const nlohmann::json* v = find_key(config, key);
  if (!v) return fallback;
  if (!v->is_boolean()) throw_bad_input(context(), std::string("config key '") + key + "' is not a boolean");
  return v->get<bool>();
}

}  // namespace cerebro::model

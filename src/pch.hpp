// Precompiled header for our own code: the standard library and the light third-party headers.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <boost/system/result.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

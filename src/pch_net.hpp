// Precompiled header for the few files that see Boost.Beast and Boost.Asio (compiled once, separately).
#pragma once

#include "pch.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

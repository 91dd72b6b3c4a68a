// The commands of the gazette binary. Each returns the process exit code and prints one-line errors
// ("gazette: ...") to stderr.
#pragma once

#include "app/config.hpp"

#include <filesystem>
#include <istream>
#include <string>

namespace gazette::app {

// gazette serve: runs until SIGINT/SIGTERM. Prints "listening on http://HOST:PORT" as its first stdout line.
int serve(const config_flags& flags);

// gazette init --data DIR [--demo]
int init(const std::filesystem::path& data, bool demo);

// gazette user add: the password comes from `password_in` (stdin), first line.
int user_add(const std::filesystem::path& data, const std::string& email, const std::string& name,
             const std::string& role, std::istream& password_in);

// gazette user passwd: sets a new password (first line of stdin) and signs the user out everywhere.
int user_passwd(const std::filesystem::path& data, const std::string& email, std::istream& password_in);

// gazette settings list|get|set: every site setting, as the newsroom's settings page has them, checked the
// same way. A running server picks a change up within a few seconds (or at once on SIGHUP).
int settings_list(const std::filesystem::path& data);
int settings_get(const std::filesystem::path& data, const std::string& key);
int settings_set(const std::filesystem::path& data, const std::string& key, const std::string& value);

// gazette privacy export|erase: everything tied to an email, as JSON on stdout; or its erasure (comments
// with replies stay as "[deleted]"). A running server drops the pages that showed them within seconds.
// Application passwords for the REST API: add prints the password (once), list shows id, name and times,
// revoke deletes one.
int app_password_add(const std::filesystem::path& data, const std::string& email, const std::string& name);
int app_password_list(const std::filesystem::path& data, const std::string& email);
int app_password_revoke(const std::filesystem::path& data, const std::string& email, std::int64_t id);

int privacy_export(const std::filesystem::path& data, const std::string& email);
int privacy_erase(const std::filesystem::path& data, const std::string& email);

// gazette import-wxr: a WordPress export into the site, in one transaction; a progress bar on stderr
// when it is a terminal, a summary on stdout. uploads: a copy of the old site's wp-content/uploads.
int import_wxr(const std::filesystem::path& data, const std::filesystem::path& file, const std::filesystem::path& uploads);
// gazette export-wxr: the whole site as WXR 1.2 on stdout. url: the site's public address.
int export_wxr(const std::filesystem::path& data, const std::string& url);

// The database file inside a data directory.
std::filesystem::path database_path(const std::filesystem::path& data);

} // namespace gazette::app

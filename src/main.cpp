// gazette: the command line. Parses flags and calls the app; nothing else lives here.
#include "app/commands.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

int main(int argc, char** argv) {
    CLI::App cli{"Gazette: a newspaper's website in one binary", "gazette"};
    cli.set_version_flag("--version", "gazette " GAZETTE_VERSION);
    cli.require_subcommand(1);

    gazette::app::config_flags serve_flags;
    auto* serve = cli.add_subcommand("serve", "Serve the site");
    serve->add_option("--listen", serve_flags.listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks one) [env GAZETTE_LISTEN]");
    serve->add_option("--data", serve_flags.data, "Data directory (default ./data) [env GAZETTE_DATA]");
    serve->add_option("--config", serve_flags.config_file, "TOML config file [env GAZETTE_CONFIG]");
    serve->add_option("--threads", serve_flags.threads, "I/O threads (default: one per core) [env GAZETTE_THREADS]");
    serve->add_option("--site-url", serve_flags.site_url, "Public URL of the site, for links [env GAZETTE_SITE_URL]");
    serve->add_option("--access-log", serve_flags.access_log, "Access log: - (stdout), off, or a file [env GAZETTE_ACCESS_LOG]");
    serve->add_option("--log-level", serve_flags.log_level, "trace, debug, info, warn, error, critical, off [env GAZETTE_LOG_LEVEL]");
    serve->add_option("--timezone", serve_flags.timezone, "The site's time zone, e.g. Europe/London [env GAZETTE_TIMEZONE]");

    std::string init_data = "./data";
    bool init_demo = false;
    auto* init = cli.add_subcommand("init", "Create the database, optionally with demo content");
    init->add_option("--data", init_data, "Data directory")->required();
    init->add_flag("--demo", init_demo, "Add the demo newspaper's content");

    auto* user = cli.add_subcommand("user", "Manage staff accounts");
    user->require_subcommand(1);
    std::string user_data = "./data", email, name, role;
    auto* user_add = user->add_subcommand("add", "Add a user; the password is read from standard input");
    user_add->add_option("--data", user_data, "Data directory")->required();
    user_add->add_option("--email", email, "Email address (sign-in name; never shown publicly)")->required();
    user_add->add_option("--name", name, "Name as shown in bylines")->required();
    user_add->add_option("--role", role, "admin, editor, author, moderator or agent")->required();

    std::string passwd_data = "./data", passwd_email;
    auto* user_passwd = user->add_subcommand("passwd", "Set a user's password (read from standard input) and sign them out everywhere");
    user_passwd->add_option("--data", passwd_data, "Data directory")->required();
    user_passwd->add_option("--email", passwd_email, "The user's email address")->required();

    auto* app_password = cli.add_subcommand("app-password", "Application passwords for the WordPress REST API");
    app_password->require_subcommand(1);
    std::string ap_data = "./data", ap_email, ap_name;
    std::int64_t ap_id = 0;
    auto* ap_add = app_password->add_subcommand("add", "Create one and print it (it is not shown again)");
    ap_add->add_option("--data", ap_data, "Data directory")->required();
    ap_add->add_option("--email", ap_email, "The staff member's email address")->required();
    ap_add->add_option("--name", ap_name, "The app that will use it, e.g. \"Desk app\"")->required();
    auto* ap_list = app_password->add_subcommand("list", "A staff member's application passwords");
    ap_list->add_option("--data", ap_data, "Data directory")->required();
    ap_list->add_option("--email", ap_email, "The staff member's email address")->required();
    auto* ap_revoke = app_password->add_subcommand("revoke", "Revoke one (by the id list shows)");
    ap_revoke->add_option("--data", ap_data, "Data directory")->required();
    ap_revoke->add_option("--email", ap_email, "The staff member's email address")->required();
    ap_revoke->add_option("--id", ap_id, "The password's id")->required();

    std::string import_data = "./data", import_file, import_uploads, export_data = "./data",
                export_url = "http://127.0.0.1:8080";
    auto* import_wxr = cli.add_subcommand(
        "import-wxr", "Import a WordPress export (WXR): authors, sections, tags, posts, pages, comments, old addresses");
    import_wxr->add_option("--data", import_data, "Data directory")->required();
    import_wxr->add_option("--uploads", import_uploads,
                           "A copy of the old site's wp-content/uploads folder: the files posts use are copied");
    import_wxr->add_option("file", import_file, "The export file (Tools > Export in WordPress)")->required();
    auto* export_wxr = cli.add_subcommand("export-wxr", "Write the whole site as a WordPress export (WXR 1.2) to standard output");
    export_wxr->add_option("--data", export_data, "Data directory")->required();
    export_wxr->add_option("--url", export_url, "The site's public address, for links in the export");

    auto* settings = cli.add_subcommand("settings", "List, read and change the site's settings");
    settings->require_subcommand(1);
    std::string settings_data = "./data", setting_key, setting_value;
    auto* settings_list = settings->add_subcommand("list", "Every setting and its value");
    settings_list->add_option("--data", settings_data, "Data directory")->required();
    auto* settings_get = settings->add_subcommand("get", "One setting's value");
    settings_get->add_option("--data", settings_data, "Data directory")->required();
    settings_get->add_option("key", setting_key, "The setting, e.g. site.name")->required();
    auto* settings_set = settings->add_subcommand(
        "set", "Change a setting (checked as in the newsroom); a running server follows within seconds");
    settings_set->add_option("--data", settings_data, "Data directory")->required();
    settings_set->add_option("key", setting_key, "The setting, e.g. site.timezone")->required();
    settings_set->add_option("value", setting_value, "The new value (\"\" for empty)")->required();

    auto* privacy = cli.add_subcommand("privacy", "A reader's data: export it or erase it");
    privacy->require_subcommand(1);
    std::string privacy_data = "./data", privacy_email;
    auto* privacy_export = privacy->add_subcommand("export", "Print everything tied to an email address as JSON");
    privacy_export->add_option("--data", privacy_data, "Data directory")->required();
    privacy_export->add_option("--email", privacy_email, "The reader's email address")->required();
    auto* privacy_erase = privacy->add_subcommand(
        "erase", "Erase everything tied to an email address (comments with replies stay as [deleted])");
    privacy_erase->add_option("--data", privacy_data, "Data directory")->required();
    privacy_erase->add_option("--email", privacy_email, "The reader's email address")->required();

    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return cli.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return cli.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return cli.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "gazette: %s (see gazette --help)\n", e.what());
        return 2;
    }

    if (serve->parsed()) {
        return gazette::app::serve(serve_flags);
    }
    if (init->parsed()) {
        return gazette::app::init(init_data, init_demo);
    }
    if (user_add->parsed()) {
        return gazette::app::user_add(user_data, email, name, role, std::cin);
    }
    if (user_passwd->parsed()) {
        return gazette::app::user_passwd(passwd_data, passwd_email, std::cin);
    }
    if (ap_add->parsed()) {
        return gazette::app::app_password_add(ap_data, ap_email, ap_name);
    }
    if (ap_list->parsed()) {
        return gazette::app::app_password_list(ap_data, ap_email);
    }
    if (ap_revoke->parsed()) {
        return gazette::app::app_password_revoke(ap_data, ap_email, ap_id);
    }
    if (privacy_export->parsed()) {
        return gazette::app::privacy_export(privacy_data, privacy_email);
    }
    if (privacy_erase->parsed()) {
        return gazette::app::privacy_erase(privacy_data, privacy_email);
    }
    if (import_wxr->parsed()) {
        return gazette::app::import_wxr(import_data, import_file, import_uploads);
    }
    if (export_wxr->parsed()) {
        return gazette::app::export_wxr(export_data, export_url);
    }
    if (settings_list->parsed()) {
        return gazette::app::settings_list(settings_data);
    }
    if (settings_get->parsed()) {
        return gazette::app::settings_get(settings_data, setting_key);
    }
    if (settings_set->parsed()) {
        return gazette::app::settings_set(settings_data, setting_key, setting_value);
    }
    return 2;
}

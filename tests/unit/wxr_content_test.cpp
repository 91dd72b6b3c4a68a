// wxr/content: WordPress post content to clean HTML for md4c (autop, shortcodes, allowlist, URLs), comment
// content to plain text; the theme unit test data and both XSS corpora through the output's invariants.
#include "wxr/content.hpp"

#include "render/markdown.hpp"
#include "support/files.hpp"
#include "support/html_scan.hpp"
#include "wxr/reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <vector>

namespace gazette::wxr {
namespace {

const std::filesystem::path testdata = GAZETTE_TESTDATA;

struct clean_case {
    std::string_view input, expected;
};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::vector<std::string_view> blocks_of(std::string_view html) {
    std::vector<std::string_view> blocks;
    std::size_t pos = 0;
    while (true) {
        const auto at = html.find("\n\n", pos);
        blocks.push_back(html.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos));
        if (at == std::string_view::npos) {
            return blocks;
        }
        pos = at + 2;
    }
}

// Everything the contract promises about an output, as a list of what is wrong (empty: all well).
std::vector<std::string> problems(std::string_view html) {
    std::vector<std::string> found;
    if (html.empty()) {
        return found;
    }
    static const std::set<std::string, std::less<>> top_level = {
        "p",  "h2",  "h3",     "h4",    "h5",         "h6", "ul",     "ol",
        "dl", "pre", "figure", "table", "blockquote", "hr", "address"};
    static const std::map<std::string, std::set<std::string>, std::less<>> allowed = {
        {"p", {}},
        {"br", {}},
        {"hr", {}},
        {"h2", {}},
        {"h3", {}},
        {"h4", {}},
        {"h5", {}},
        {"h6", {}},
        {"strong", {}},
        {"b", {}},
        {"em", {}},
        {"i", {}},
        {"u", {}},
        {"s", {}},
        {"del", {}},
        {"ins", {}},
        {"sub", {}},
        {"sup", {}},
        {"small", {}},
        {"mark", {}},
        {"code", {}},
        {"kbd", {}},
        {"samp", {}},
        {"var", {}},
        {"pre", {}},
        {"blockquote", {}},
        {"q", {}},
        {"cite", {}},
        {"abbr", {"title"}},
        {"dfn", {}},
        {"ul", {}},
        {"ol", {"start", "reversed"}},
        {"li", {}},
        {"dl", {}},
        {"dt", {}},
        {"dd", {}},
        {"a", {"href", "title"}},
        {"img", {"src", "alt", "width", "height", "title"}},
        {"figure", {}},
        {"figcaption", {}},
        {"table", {}},
        {"caption", {}},
        {"thead", {}},
        {"tbody", {}},
        {"tfoot", {}},
        {"tr", {}},
        {"th", {"colspan", "rowspan", "scope"}},
        {"td", {"colspan", "rowspan"}},
        {"address", {}},
        {"time", {"datetime"}}};
    if (std::isspace(static_cast<unsigned char>(html.front())) ||
        std::isspace(static_cast<unsigned char>(html.back()))) {
        found.emplace_back("whitespace at the start or end");
    }
    for (const auto block : blocks_of(html)) {
        std::size_t name_end = 1;
        while (name_end < block.size() && std::isalnum(static_cast<unsigned char>(block[name_end]))) {
            ++name_end;
        }
        if (block.empty() || block[0] != '<' || !top_level.contains(block.substr(1, name_end - 1)) ||
            name_end >= block.size() || (block[name_end] != '>' && block[name_end] != ' ')) {
            found.push_back("block not starting with an allowed start tag: " +
                            std::string(block.substr(0, 40)));
        }
        std::size_t line_start = 0;
        while (line_start <= block.size()) {
            const auto line_end = std::min(block.find('\n', line_start), block.size());
            const auto line = block.substr(line_start, line_end - line_start);
            if (line.find_first_not_of(" \t") == std::string_view::npos) {
                found.push_back("blank line inside a block: " + std::string(block.substr(0, 60)));
            }
            line_start = line_end + 1;
        }
    }
    if (lower(html).find("<script") != std::string::npos) {
        found.emplace_back("<script");
    }
    for (const auto& tag : test::scan_tags(html)) {
        const auto it = allowed.find(tag.name);
        if (it == allowed.end()) {
            found.push_back("element <" + tag.name + ">");
            continue;
        }
        for (const auto& [name, value] : tag.attributes) {
            if (name.starts_with("on")) {
                found.push_back("event handler " + name);
            }
            if (!it->second.contains(name)) {
                found.push_back("attribute " + name + " on <" + tag.name + ">");
            }
            if ((name == "width" || name == "height" || name == "colspan" || name == "rowspan" ||
                 name == "start") &&
                (value.empty() ||
                 !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))) {
                found.push_back(name + " not digits");
            }
        }
    }
    for (const auto& f : test::xss_findings(html, "")) {
        found.push_back(f);
    }
    // Attributes double-quoted: inside a tag every '=' opens a quoted value ('<' and '>' in text and values
    // are escaped, so each '<' starts a tag and the next '>' ends it).
    for (auto lt = html.find('<'); lt != std::string_view::npos; lt = html.find('<', lt + 1)) {
        const auto gt = html.find('>', lt);
        if (gt == std::string_view::npos) {
            found.emplace_back("unterminated tag");
            break;
        }
        const auto tag = html.substr(lt, gt - lt);
        bool in_value = false;
        for (std::size_t i = 0; i < tag.size(); ++i) {
            if (tag[i] == '"') {
                in_value = !in_value;
            } else if (tag[i] == '=' && !in_value && (i + 1 >= tag.size() || tag[i + 1] != '"')) {
                found.push_back("unquoted attribute in " + std::string(tag));
            }
        }
    }
    // md4c (as Gazette renders bodies) passes every block through unchanged.
    std::string expected;
    for (const auto block : blocks_of(html)) {
        expected.append(block);
        expected.push_back('\n');
    }
    if (render::render_commonmark(html) != expected) {
        found.push_back("md4c changes it: " + render::render_commonmark(html).substr(0, 200));
    }
    return found;
}

// Cleans, compares, and checks the invariants and idempotence of each case.
void check_cases(std::span<const clean_case> cases, const content_options& options = {}) {
    for (const auto& c : cases) {
        const auto out = clean_post_html(c.input, options);
        EXPECT_EQ(out, c.expected) << "input: " << c.input;
        EXPECT_EQ(clean_post_html(out, options), out) << "not idempotent; input: " << c.input;
        const auto p = problems(out);
        EXPECT_TRUE(p.empty()) << "input: " << c.input << "\noutput: " << out << "\nproblem: " << p.front();
    }
}

TEST(WxrContent, ClassicTextGetsParagraphsAndLineBreaks) {
    const clean_case cases[] = {
        {"", ""},
        {"  \n\n \n", ""},
        {"One line.", "<p>One line.</p>"},
        {"First paragraph.\n\nSecond paragraph,\nwith a second line.",
         "<p>First paragraph.</p>\n\n<p>Second paragraph,<br>with a second line.</p>"},
        {"a\r\n\r\n\r\nb  \t c", "<p>a</p>\n\n<p>b c</p>"},
        {"Line<br />\nnext", "<p>Line<br>next</p>"},
        {"Some <b>bold\ntext</b> here", "<p>Some <b>bold<br>text</b> here</p>"},
        {"<b>spans\n\nparagraphs</b>", "<p><b>spans</b></p>\n\n<p><b>paragraphs</b></p>"},
        {"<h2>Title</h2>\nText after\nthe title", "<h2>\nTitle</h2>\n\n<p>Text after<br>the title</p>"},
        {"<p>Already wrapped</p>\n\n<p>Two</p>", "<p>Already wrapped</p>\n\n<p>Two</p>"},
        {"<blockquote>Quoted\n\nTwice</blockquote>", "<blockquote><p>Quoted</p><p>Twice</p></blockquote>"},
        {"<ul>\n\t<li>One</li>\n\t<li>Two</li>\n</ul>", "<ul><li>One</li><li>Two</li></ul>"},
        {"Text\n<img src=\"https://x.org/a.jpg\" alt=\"A\">\nmore",
         "<p>Text<br><img src=\"https://x.org/a.jpg\" alt=\"A\"><br>more</p>"},
        {"<p>&nbsp;</p>\n\n<p> <br> </p>\nKept", "<p>Kept</p>"},
        {"Fish &amp; chips <3 \"quoted\"", "<p>Fish &amp; chips &lt;3 &quot;quoted&quot;</p>"},
        {"Intro<!--more-->\n\nRest", "<p>Intro</p>\n\n<p>Rest</p>"},
        {"Control &#14; char&#1;acters&#x7f; go", "<p>Control characters go</p>"},
    };
    check_cases(cases);
}

TEST(WxrContent, BlockEditorContentIsHtmlWithoutAutop) {
    const clean_case cases[] = {
        {"<!-- wp:paragraph -->\n<p>Block\ntext.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph "
         "-->\n<p>Two</p>\n"
         "<!-- /wp:paragraph -->",
         "<p>Block text.</p>\n\n<p>Two</p>"},
        {"<!-- wp:heading {\"level\":3} -->\n<h3 class=\"wp-block-heading\" id=\"x\">Sub</h3>\n<!-- "
         "/wp:heading -->",
         "<h3>\nSub</h3>"},
        {"<!-- wp:columns --><div class=\"wp-block-columns\"><div class=\"wp-block-column\"><p>Left</p></div>"
         "<div class=\"wp-block-column\">Right</div></div><!-- /wp:columns -->",
         "<p>Left</p>\n\n<p>Right</p>"},
        {"<!-- wp:separator --><hr class=\"wp-block-separator\"/><!-- /wp:separator -->", "<hr>"},
        {"<!-- wp:image --><figure class=\"wp-block-image size-large\"><img src=\"https://x.org/a.jpg\" "
         "alt=\"\" "
         "class=\"wp-image-1\"/><figcaption>Cap</figcaption></figure><!-- /wp:image -->",
         "<figure><img src=\"https://x.org/a.jpg\" alt=\"\"><figcaption>Cap</figcaption></figure>"},
        {"<!-- wp:embed {\"url\":\"https://youtu.be/x\"} -->\n<figure class=\"wp-block-embed\"><div "
         "class=\"wp-block-embed__wrapper\">\nhttps://youtu.be/x\n</div></figure>\n<!-- /wp:embed -->",
         "<p><a href=\"https://youtu.be/x\">https://youtu.be/x</a></p>"},
        {"<!-- wp:quote --><blockquote class=\"wp-block-quote\"><p>Q</p><cite>Who</cite></blockquote><!-- "
         "/wp:quote -->",
         "<blockquote><p>Q</p><cite>Who</cite></blockquote>"},
        {"<!-- wp:button --><div class=\"wp-block-button\"><a class=\"wp-block-button__link\" "
         "href=\"https://x.org/\">Go</a></div><!-- /wp:button -->",
         "<p><a href=\"https://x.org/\">Go</a></p>"},
    };
    check_cases(cases);
}

TEST(WxrContent, CoreShortcodes) {
    const clean_case cases[] = {
        {"[caption id=\"attachment_6\" align=\"alignright\" width=\"300\"]<a "
         "href=\"https://x.org/full.jpg\"><img "
         "src=\"https://x.org/a.jpg\" alt=\"A\" width=\"300\" height=\"205\" class=\"size-medium\" /></a> "
         "The "
         "<em>caption</em>[/caption]",
         "<figure><a href=\"https://x.org/full.jpg\"><img src=\"https://x.org/a.jpg\" alt=\"A\" "
         "width=\"300\" "
         "height=\"205\"></a><figcaption>The <em>caption</em></figcaption></figure>"},
        {"[caption id=\"\" align=\"alignnone\" width=\"640\" caption=\"From the attribute\"]<img "
         "src=\"https://x.org/b.jpg\" />[/caption]",
         "<figure><img src=\"https://x.org/b.jpg\"><figcaption>From the attribute</figcaption></figure>"},
        {"[wp_caption width=\"1\"]<img src=\"https://x.org/c.jpg\"> Old style[/wp_caption]",
         "<figure><img src=\"https://x.org/c.jpg\"><figcaption>Old style</figcaption></figure>"},
        {"[caption]<img src=\"https://x.org/d.jpg\">[/caption]", "<p><img src=\"https://x.org/d.jpg\"></p>"},
        {"[embed]https://www.youtube.com/watch?v=abc[/embed]",
         "<p><a href=\"https://www.youtube.com/watch?v=abc\">https://www.youtube.com/watch?v=abc</a></p>"},
        {"Watch this:\n\nhttps://vimeo.com/123\n\nOr this:\nhttps://vimeo.com/456\nthen more",
         "<p>Watch this:</p>\n\n<p><a href=\"https://vimeo.com/123\">https://vimeo.com/123</a></p>\n\n"
         "<p>Or this:<br><a href=\"https://vimeo.com/456\">https://vimeo.com/456</a><br>then more</p>"},
        {"See https://example.com/ inline", "<p>See https://example.com/ inline</p>"},
        {"[audio mp3=\"https://x.org/a.mp3\" ogg=\"https://x.org/a.ogg\"][/audio]",
         "<p><a href=\"https://x.org/a.mp3\">https://x.org/a.mp3</a></p>"},
        {"[audio https://x.org/b.mp3]", "<p><a href=\"https://x.org/b.mp3\">https://x.org/b.mp3</a></p>"},
        {"[video width=\"640\" height=\"360\" src=\"https://x.org/v.mp4\"][/video]",
         "<p><a href=\"https://x.org/v.mp4\">https://x.org/v.mp4</a></p>"},
        {"[video webm='https://x.org/v.webm' mp4='https://x.org/v.mp4']",
         "<p><a href=\"https://x.org/v.mp4\">https://x.org/v.mp4</a></p>"},
        {"[video src=\"javascript:alert(1)\"]", ""},
        {"Before\n\n[gallery ids=\"1,2,3\" columns=\"3\"]\n\n[playlist ids=\"4\"]\n\nAfter",
         "<p>Before</p>\n\n<p>After</p>"},
        {"[gallery]", ""},
        {"[contact-form-7 id=\"1\"] and [foo]bar[/foo]",
         "<p>[contact-form-7 id=&quot;1&quot;] and [foo]bar[/foo]</p>"},
        {"Write [[gallery]] or [[caption]x[/caption]] or [[foo]]",
         "<p>Write &#91;gallery] or &#91;caption]x&#91;/caption] or [foo]</p>"},
        {"[[[foo]]] and [[ not a shortcode ]]", "<p>&#91;[foo]] and [[ not a shortcode ]]</p>"},
        {"Unclosed [caption and [embed", "<p>Unclosed &#91;caption and &#91;embed</p>"},
    };
    check_cases(cases);
}

TEST(WxrContent, ElementsAndAttributes) {
    const clean_case cases[] = {
        {"<h1 id=\"top\" class=\"t\">Headline</h1>", "<h2>\nHeadline</h2>"},
        {"<h4 style=\"color:red\">Four <em>x</em></h4>", "<h4>\nFour <em>x</em></h4>"},
        {"<p>Old <strike>price</strike> <acronym title=\"As soon\">ASAP</acronym></p>",
         "<p>Old <s>price</s> <abbr title=\"As soon\">ASAP</abbr></p>"},
        {"<p onclick=\"steal()\" style=\"color:red\" class=\"big\" id=\"x\">Hi <span class=\"c\" "
         "onmouseover=\"x()\">there</span></p>",
         "<p>Hi there</p>"},
        {"<p><a href=\"javascript:alert(1)\">click</a> <a href=\" JaVaScRiPt:alert(1)\">two</a> <a "
         "href=\"java&#x09;script:alert(1)\">three</a> <a href=\"&#106;avascript:alert(1)\">four</a> <a "
         "href=\"vbscript:x\">five</a> <a href=\"data:text/html,x\">six</a></p>",
         "<p>click two three four five six</p>"},
        {"<p><a href=\"mailto:ed@x.org\" title=\"Mail\" target=\"_blank\" rel=\"x\">mail</a> <a "
         "href=\"tel:+441234\">call</a></p>",
         "<p><a href=\"mailto:ed@x.org\" title=\"Mail\">mail</a> <a href=\"tel:+441234\">call</a></p>"},
        {"<p><img src=\"data:image/png;base64,AAAA\" alt=\"x\"><img alt=\"no src\"><img src=\"a.png\" "
         "width=\"100px\" height=\" 50 \" title=\"T\" srcset=\"b.png 2x\" loading=\"lazy\"></p>",
         "<p><img src=\"a.png\" height=\"50\" title=\"T\"></p>"},
        {"<ol start=\"4\" reversed type=\"i\"><li>x</li></ol><ol start=\"-1\"><li>y</li></ol>",
         "<ol start=\"4\" reversed=\"\"><li>x</li></ol>\n\n<ol><li>y</li></ol>"},
        {"<p><time datetime=\"2024-01-02\" class=\"x\">Jan</time> <q cite=\"u\">q</q> <code>c</code> "
         "<kbd>k</kbd> "
         "<mark>m</mark> <sub>1</sub><sup>2</sup> <del>d</del><ins>i</ins> <dfn>f</dfn> <var>v</var> "
         "<samp>s</samp> <small>sm</small> <u>u</u> <font color=\"red\">font</font> <cite>c</cite></p>",
         "<p><time datetime=\"2024-01-02\">Jan</time> <q>q</q> <code>c</code> <kbd>k</kbd> <mark>m</mark> "
         "<sub>1</sub><sup>2</sup> <del>d</del><ins>i</ins> <dfn>f</dfn> <var>v</var> <samp>s</samp> "
         "<small>sm</small> <u>u</u> font <cite>c</cite></p>"},
        {"<address>1 High St<br>Town</address>", "<address>1 High St<br>Town</address>"},
        {"<dl><dt>Term</dt><dd>Def <b>bold</b></dd></dl>", "<dl><dt>Term</dt><dd>Def <b>bold</b></dd></dl>"},
        {"<p>x<a href=\"https://a.org\">out <a href=\"https://b.org\">in</a></a></p>",
         "<p>x<a href=\"https://a.org\">out</a> <a href=\"https://b.org\">in</a></p>"},
        {"<a href=\"https://x.org\"><h3>Linked heading</h3><p>and text</p></a>",
         "<h3>\n<a href=\"https://x.org\">Linked heading</a></h3>\n\n<p><a href=\"https://x.org\">and "
         "text</a></p>"},
        {"<p>a<div>b</div>c</p>", "<p>a</p>\n\n<p>b</p>\n\n<p>c</p>"},
        {"<section><header>Head</header><article>Body <em>text</em></article></section><center>Mid</center>",
         "<p>Head</p>\n\n<p>Body <em>text</em></p>\n\n<p>Mid</p>"},
        {"<p>Tab\tand&nbsp;no-break&nbsp;spaces</p>", "<p>Tab and\u00a0no-break\u00a0spaces</p>"},
        {"<p title=\"&#91;gallery]\"><img src=\"https://x.org/a.jpg\" alt=\"&#91;gallery] &amp; "
         "&#x5b;caption]\"></p>",
         "<p><img src=\"https://x.org/a.jpg\" alt=\"&#91;gallery] &amp; &#91;caption]\"></p>"},
    };
    check_cases(cases);
}

TEST(WxrContent, RelativeUrlsAreMadeAbsoluteAndRewritten) {
    content_options o;
    o.base_url = "https://example.wordpress.org/blog/";
    const clean_case absolute[] = {
        {"<p><a href=\"/about/\">root</a> <a href=\"page\">rel</a> <a href=\"//cdn.x.org/f\">proto</a> <a "
         "href=\"?p=12\">query</a> <a href=\"#notes\">frag</a> <a href=\"https://other.org/\">abs</a></p>",
         "<p><a href=\"https://example.wordpress.org/about/\">root</a> <a "
         "href=\"https://example.wordpress.org/blog/page\">rel</a> <a href=\"https://cdn.x.org/f\">proto</a> "
         "<a "
         "href=\"https://example.wordpress.org/blog/?p=12\">query</a> <a href=\"#notes\">frag</a> <a "
         "href=\"https://other.org/\">abs</a></p>"},
        {"<img src=\"/wp-content/uploads/a.jpg\">",
         "<p><img src=\"https://example.wordpress.org/wp-content/uploads/a.jpg\"></p>"},
        {"<p><a href=\"  /spaced \">s</a></p>",
         "<p><a href=\"https://example.wordpress.org/spaced\">s</a></p>"},
    };
    check_cases(absolute, o);

    o.rewrite_url = [](std::string_view url) {
        const std::string_view uploads = "https://example.wordpress.org/wp-content/uploads/";
        if (url.starts_with(uploads)) {
            return "https://media.example.com/" + std::string(url.substr(uploads.size()));
        }
        if (url == "https://example.wordpress.org/bad") {
            return std::string("javascript:alert(1)");
        }
        return std::string(url);
    };
    const clean_case rewritten[] = {
        {"<p><img src=\"/wp-content/uploads/2020/01/a.jpg\" alt=\"a\"> <a "
         "href=\"https://example.wordpress.org/wp-content/uploads/f.pdf\">pdf</a> <a "
         "href=\"/bad\">bad</a></p>",
         "<p><img src=\"https://media.example.com/2020/01/a.jpg\" alt=\"a\"> <a "
         "href=\"https://media.example.com/f.pdf\">pdf</a> bad</p>"},
        {"<video src=\"/wp-content/uploads/v.mp4\"></video>",
         "<p><a href=\"https://media.example.com/v.mp4\">https://media.example.com/v.mp4</a></p>"},
    };
    check_cases(rewritten, o);

    // Without a base, relative URLs stay relative; a base that is not http(s) is ignored.
    content_options bad_base;
    bad_base.base_url = "javascript:alert(1)";
    const clean_case relative[] = {{"<p><a href=\"/x\">x</a></p>", "<p><a href=\"/x\">x</a></p>"}};
    check_cases(relative);
    check_cases(relative, bad_base);
}

TEST(WxrContent, EmbedsBecomeLinksAndActiveContentGoes) {
    const clean_case cases[] = {
        {"<p>Before <iframe src=\"https://www.youtube.com/embed/x?feature=oembed\" width=\"560\" "
         "allowfullscreen>fallback</iframe> after</p>",
         "<p>Before</p>\n\n<p><a "
         "href=\"https://www.youtube.com/embed/x?feature=oembed\">https://www.youtube.com/"
         "embed/x?feature=oembed</a></p>\n\n<p>after</p>"},
        {"<iframe src=\"javascript:alert(1)\"></iframe><iframe "
         "srcdoc=\"<script>alert(1)</script>\"></iframe>",
         ""},
        {"<video controls poster=\"p.jpg\"><source src=\"data:video/mp4,x\"><source "
         "src=\"https://x.org/v.webm\">"
         "Your browser</video>",
         "<p><a href=\"https://x.org/v.webm\">https://x.org/v.webm</a></p>"},
        {"<audio src=\"https://x.org/a.mp3\"></audio>",
         "<p><a href=\"https://x.org/a.mp3\">https://x.org/a.mp3</a></p>"},
        {"<p>Text<script>alert('x')</script> more</p><style>p{color:red}</style>", "<p>Text more</p>"},
        {"<object data=\"x.swf\"><embed src=\"x.swf\">Flash</object><form action=\"/x\"><input name=\"q\">"
         "<button>Go</button><textarea>t</textarea><select><option>o</option></select><p>Form "
         "text</p></form>Left",
         "<p>Left</p>"},
        {"<svg><script>alert(1)</script><text>svg</text></svg><math><mi>x</mi></math><noscript>ns</noscript>"
         "<template><p>t</p></template>Kept",
         "<p>Kept</p>"},
        {"<base href=\"javascript:x\"><link rel=stylesheet href=x><meta http-equiv=refresh content=0>Body",
         "<p>Body</p>"},
    };
    check_cases(cases);
}

TEST(WxrContent, PreformattedTextKeepsItsLines) {
    const clean_case cases[] = {
        {"<pre>line 1\n\nline 3\n   \nline 5</pre>", "<pre>line 1\n&#10;line 3\n   &#10;line 5</pre>"},
        {"<pre>\n\nstarts with a blank line</pre>", "<pre>\n&#10;starts with a blank line</pre>"},
        {"<pre><code class=\"php\">if (a &lt; b) {\n\n\treturn;\n}\tx</code></pre>",
         "<pre><code>if (a &lt; b) {\n&#10;\treturn;\n}\tx</code></pre>"},
        {"<pre>a\n\tindented\n  \tmixed</pre>", "<pre>a\n&#9;indented\n  &#9;mixed</pre>"},
        {"<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>x\r\ny&#13;z</code></pre>\n<!-- /wp:code -->",
         "<pre><code>x\ny&#13;z</code></pre>"},
        {"No autop inside:\n<pre>a\nb\n\nc</pre>", "<p>No autop inside:</p>\n\n<pre>a\nb\n&#10;c</pre>"},
        {"<pre>trailing  \ntab\t\n \nend</pre>", "<pre>trailing &#32;\ntab&#9;\n &#10;end</pre>"},
        {"<pre></pre><pre>\n</pre>", ""},
    };
    check_cases(cases);
}

TEST(WxrContent, ListsAndTables) {
    const clean_case cases[] = {
        {"<ul><li>One<ul><li>One.a</li><li>One.b<ol><li>deep</li></ol></li></ul></li><li>Two</li></ul>",
         "<ul><li>One<ul><li>One.a</li><li>One.b<ol><li>deep</li></ol></li></ul></li><li>Two</li></ul>"},
        {"<ul><li>a<div>b</div>c</li><li><div>only</div></li></ul>",
         "<ul><li><p>a</p><p>b</p><p>c</p></li><li>only</li></ul>"},
        {"<ul>stray<li>item</li></ul>", "<ul><li>stray</li><li>item</li></ul>"},
        {"<li>lonely item</li>", "<p>lonely item</p>"},
        {"<ul></ul><ol><li></li></ol>", "<ol><li></li></ol>"},
        {"<table class=\"t\" border=\"1\"><caption>Cap</caption><thead><tr><th scope=\"COL\" colspan=\"2\" "
         "style=\"x\">H</th></tr></thead><tr><td rowspan=\" 2 \">a</td><td "
         "colspan=\"2x\"><p>b</p><p>c</p></td></tr>"
         "<tfoot><tr><td>f</td></tr></tfoot></table>",
         "<table><caption>Cap</caption><thead><tr><th colspan=\"2\" "
         "scope=\"col\">H</th></tr></thead><tbody><tr><td "
         "rowspan=\"2\">a</td><td><p>b</p><p>c</p></td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></"
         "table>"},
        {"<table><tr><td>1</td><td><table><tr><td>nested</td></tr></table></td></tr></table>",
         "<table><tbody><tr><td>1</td><td><table><tbody><tr><td>nested</td></tr></tbody></table></td></tr></"
         "tbody>"
         "</table>"},
        {"<table><colgroup><col span=\"2\"></colgroup><tr><td>x</td></tr></table>",
         "<table><tbody><tr><td>x</td></tr></tbody></table>"},
        {"<table></table><table><tr></tr></table>", ""},
        {"<p>Text<table><tr><td>quirks</td></tr></table>after</p>",
         "<p>Text</p>\n\n<table><tbody><tr><td>quirks</td></tr></tbody></table>\n\n<p>after</p>"},
    };
    check_cases(cases);
}

TEST(WxrContent, IsIdempotent) {
    const std::string_view inputs[] = {
        "Para one\nline two\n\n<div>Block <b>bold <i>both</i></b> tail</div>\n\n[[gallery]] [[[x]]] [ [",
        "<ul><li>a<div>b</div></li><li><blockquote>q<div>r</div>s</blockquote></li></ul>",
        "<pre>\n\n\n  \t\n x</pre><p>https://x.org/a?b=1&amp;c=2</p><figure>https://x.org/fig</figure>",
        "<b><p>unclosed bold<p>still bold</b> plain",
        "<p>a <b> </b> b <i></i>c <br> <br> d</p>",
        "<table><tr><td><ul><li><table><tr><td><pre>\n\ncell</pre></td></tr></table></li></ul></td></tr>",
        "<a href=\"/x\">[caption]<img src=\"/a.jpg\"> cap[/caption]</a>",
        "\xC2\xA0\n\n\xC2\xA0x\xC2\xA0\n\n<p>&nbsp;&nbsp;</p>",
        "<h2><p>para in heading</p></h2><h3><div>div in heading</div></h3>",
        "text &amp;lt;script&amp;gt; &#91;caption] &#x5B;gallery]",
        "<dl><dt>t<dd>d<dt>t2</dl><address><p>a</p>b</address>",
        "<figure><figcaption>only caption</figcaption></figure><figcaption>loose</figcaption>",
        "invalid \xFF\xFE utf-8 \xC3",
        "\x01\x02 control \x7f chars\f\v",
    };
    for (const std::string_view input : inputs) {
        for (const bool with_base : {false, true}) {
            content_options o;
            if (with_base) {
                o.base_url = "https://site.example";
            }
            const auto once = clean_post_html(input, o);
            EXPECT_EQ(clean_post_html(once, o), once) << "input: " << input;
            const auto p = problems(once);
            EXPECT_TRUE(p.empty()) << "input: " << input << "\noutput: " << once
                                   << "\nproblem: " << p.front();
        }
    }
}

TEST(WxrContent, HostileShapesFinishWithNestingCapped) {
    auto repeat = [](std::string_view s, int n) {
        std::string out;
        for (int i = 0; i < n; ++i) {
            out.append(s);
        }
        return out;
    };
    const std::string inputs[] = {
        repeat("<div>", 10000) + "deep",
        repeat("<blockquote>x", 5000),
        repeat("<span>", 10000) + repeat("</x>", 10000),
        repeat("<b><div></b>", 5000),
        repeat("<div><b><i><u><s><em><strong></div>x", 2000),
        repeat("<svg><foreignObject><br>", 5000),
        "<p " + repeat("a ", 50000) + ">many attributes</p>",
        repeat("<table><tr><td>", 5000),
        repeat("[caption ", 50000),
        repeat("<ul><li>", 5000) + "bottom",
        repeat("<!--", 10000) + repeat("<", 10000),
    };
    for (const auto& input : inputs) {
        const auto out = clean_post_html(input);
        EXPECT_EQ(clean_post_html(out), out) << input.substr(0, 40);
        const auto p = problems(out);
        EXPECT_TRUE(p.empty()) << input.substr(0, 40) << ": " << p.front();
        (void)plain_text(input);
    }
    // Text below the nesting cap is kept, without its elements.
    const auto deep = clean_post_html(repeat("<blockquote>", 300) + "bottom text");
    EXPECT_NE(deep.find("bottom text"), std::string::npos);
    EXPECT_LE(std::count(deep.begin(), deep.end(), '<'), 2 * 110);
}

TEST(WxrContent, ThemeUnitTestDataCleansToValidIdempotentBodies) {
    const auto r = read_file(testdata / "wxr-theme-unit-test" / "themeunittestdata.wordpress.xml");
    ASSERT_TRUE(std::holds_alternative<site>(r));
    const auto& s = std::get<site>(r);
    content_options with_base;
    with_base.base_url = s.base_blog_url;
    with_base.rewrite_url = [](std::string_view url) {
        const std::string_view uploads = "https://wpthemetestdata.files.wordpress.com/";
        return url.starts_with(uploads)
                   ? "https://media.example.com/" + std::string(url.substr(uploads.size()))
                   : std::string(url);
    };
    const content_options none;
    const content_options& based = with_base;
    std::size_t cleaned = 0;
    std::size_t figures = 0;
    std::size_t links_to_media = 0;
    std::string all;
    for (const auto& item : s.items) {
        if (item.content.empty()) {
            continue;
        }
        for (const content_options* o : {&none, &based}) {
            const auto out = clean_post_html(item.content, *o);
            EXPECT_EQ(clean_post_html(out, *o), out) << item.title;
            const auto p = problems(out);
            EXPECT_TRUE(p.empty()) << item.title << " (" << item.id << "): " << p.front();
            if (o == &none) {
                all += out;
                all += '\n';
            } else {
                links_to_media += out.find("https://media.example.com/") != std::string::npos;
            }
        }
        ++cleaned;
        figures += item.content.find("[caption") != std::string::npos;
    }
    EXPECT_GT(cleaned, 60u);
    EXPECT_GT(figures, 0u);
    EXPECT_GT(links_to_media, 10u);
    // Every shortcode and block comment was handled; captions became figures; the bare-URL audio shortcode
    // and the embed blocks became links.
    EXPECT_EQ(all.find("<!-- wp:"), std::string::npos);
    EXPECT_EQ(all.find("[caption"), std::string::npos);
    EXPECT_EQ(all.find("[gallery"), std::string::npos);
    EXPECT_EQ(all.find("[audio"), std::string::npos);
    EXPECT_NE(all.find("<figcaption>"), std::string::npos);
    EXPECT_NE(all.find(">https://wpthemetestdata.files.wordpress.com/2008/06/"
                       "originaldixielandjazzbandwithalbernard-stlouisblues.mp3</a></p>"),
              std::string::npos);
    EXPECT_NE(all.find("<a href=\"https://twitter.com/WordPress/status/1057136472321613824\">"),
              std::string::npos);
}

void run_xss_corpus(const std::vector<std::string>& payloads) {
    ASSERT_GT(payloads.size(), 50u);
    const content_options none;
    content_options with_base;
    with_base.base_url = "https://site.example";
    const content_options& based = with_base;
    for (const auto& payload : payloads) {
        const std::string variants[] = {payload, "Intro\n\n" + payload + "\n\nOutro",
                                        "<!-- wp:html -->" + payload + "<!-- /wp:html -->"};
        for (const auto& input : variants) {
            for (const content_options* o : {&none, &based}) {
                const auto out = clean_post_html(input, *o);
                const auto p = problems(out);
                ASSERT_TRUE(p.empty())
                    << "payload: " << payload << "\noutput: " << out << "\nproblem: " << p.front();
                ASSERT_EQ(clean_post_html(out, *o), out) << "payload: " << payload;
            }
        }
        (void)plain_text(payload);
    }
}

TEST(WxrContent, PayloadBoxCorpusComesOutInert) {
    run_xss_corpus(test::file_lines(testdata / "xss-payloadbox" / "xss-payload-list.txt"));
}

TEST(WxrContent, Html5SecCorpusComesOutInert) {
    auto payloads = test::file_lines(testdata / "xss-html5sec" / "vectors.txt");
    payloads.push_back(test::file_text(testdata / "xss-html5sec" / "vectors.txt"));
    run_xss_corpus(payloads);
}

TEST(WxrContent, PlainText) {
    const struct {
        std::string_view input, expected;
    } cases[] = {
        {"", ""},
        {"  Just text.  ", "Just text."},
        {"First para.\n\nSecond para,\nsecond line.", "First para.\n\nSecond para,\nsecond line."},
        {"a\n\n\n\nb \t  c", "a\n\nb c"},
        {"<p>One</p><p>Two<br>line<br/><br />gap</p>", "One\n\nTwo\nline\n\ngap"},
        {"<b>Bold</b> &amp; <em>em</em> &lt;tag&gt; &quot;q&quot; &#8217; &nbsp;x",
         "Bold & em <tag> \"q\" \u2019 \u00a0x"},
        {"See <a href=\"https://example.com/page\">this page</a>.",
         "See this page (https://example.com/page)."},
        {"<a href=\"https://example.com/\">https://example.com/</a>", "https://example.com/"},
        {"<a href=\"https://example.com/\"> </a>", "https://example.com/"},
        {"<a href=\"javascript:alert(1)\">click</a> <a href=\"/rel\">rel</a> <a "
         "href=\"mailto:a@b.c\">mail</a>",
         "click rel mail"},
        {"<a href=\"https://x.org\"><b>nested</b> link </a>next", "nested link (https://x.org) next"},
        {"<script>alert(1)</script><style>p{}</style>Left<iframe src=\"https://x\">f</iframe>", "Left"},
        {"<blockquote>Quote</blockquote>After", "Quote\n\nAfter"},
        {"<ul><li>One</li><li>Two</li></ul>", "One\nTwo"},
        {"<div>x</div><div>y</div>", "x\n\ny"},
        {"<img src=\"x.png\" alt=\"pic\">", ""},
        {"Tom &amp; Jerry <3", "Tom & Jerry <3"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(plain_text(c.input), c.expected) << c.input;
    }
}

TEST(WxrContent, PlainTextOfTheThemeUnitTestComments) {
    const auto r = read_file(testdata / "wxr-theme-unit-test" / "themeunittestdata.wordpress.xml");
    ASSERT_TRUE(std::holds_alternative<site>(r));
    std::size_t comments = 0;
    for (const auto& item : std::get<site>(r).items) {
        for (const auto& c : item.comments) {
            const auto text = plain_text(c.content);
            EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << c.content;
            EXPECT_TRUE(text.empty() || (!std::isspace(static_cast<unsigned char>(text.front())) &&
                                         !std::isspace(static_cast<unsigned char>(text.back()))))
                << c.content;
            EXPECT_EQ(text.find("<a "), std::string::npos) << c.content;
            ++comments;
        }
    }
    EXPECT_EQ(comments, 33u);
}

} // namespace
} // namespace gazette::wxr

/* Gazette default theme: progressive enhancements only.
   The site works fully without this file. No inline handlers, CSP-friendly. */
(function () {
  "use strict";

  var PREFIX = "gazette:breaking-dismissed:";

  function storage() {
    try {
      var s = window.sessionStorage;
      s.setItem(PREFIX + "test", "1");
      s.removeItem(PREFIX + "test");
      return s;
    } catch (e) {
      return null;
    }
  }

  function initBreaking() {
    var banners = document.querySelectorAll(".breaking[data-breaking-url]");
    if (!banners.length) return;
    var store = storage();

    Array.prototype.forEach.call(banners, function (banner) {
      var key = PREFIX + (banner.getAttribute("data-breaking-url") || "");
      if (store && store.getItem(key) === "1") {
        banner.hidden = true;
        return;
      }
      var button = banner.querySelector(".breaking__dismiss");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        banner.hidden = true;
        if (store) {
          try { store.setItem(key, "1"); } catch (e) { /* quota: ignore */ }
        }
        // Keep keyboard users oriented: move focus to the main content.
        var main = document.getElementById("main");
        if (main && typeof main.focus === "function") {
          main.focus({ preventScroll: true });
        }
      });
    });
  }

  // On narrow screens the section bar scrolls sideways: bring the current
  // section into view (horizontally only, never moving the page).
  function revealCurrentSection() {
    var link = document.querySelector(".sections-nav a[aria-current=\"page\"]");
    if (!link) return;
    var scroller = link.closest(".sections-nav .wrap");
    if (!scroller || scroller.scrollWidth <= scroller.clientWidth) return;
    var linkBox = link.getBoundingClientRect();
    var boxLeft = scroller.getBoundingClientRect().left;
    var target = scroller.scrollLeft + (linkBox.left - boxLeft) -
      (scroller.clientWidth - linkBox.width) / 2;
    scroller.scrollLeft = Math.max(0, target);
  }

  function init() {
    initBreaking();
    revealCurrentSection();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

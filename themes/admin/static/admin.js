/* Gazette newsroom: progressive enhancements only.
   Every page works fully without this file. No inline handlers, CSP-friendly. */
(function () {
  "use strict";

  var BUSY = "data-submitting";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;

    // <form data-confirm="Question?">: ask before submitting (e.g. "Sign out everywhere").
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }

    // POST forms: ignore a second submit while the first one is on its way.
    if ((form.getAttribute("method") || "").toLowerCase() === "post") {
      if (form.hasAttribute(BUSY)) {
        event.preventDefault();
        return;
      }
      form.setAttribute(BUSY, "");
      var buttons = form.querySelectorAll("button");
      for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-disabled", "true");
    }
  });

  // Coming back with the Back button (bfcache) must not leave forms stuck.
  window.addEventListener("pageshow", function () {
    var busy = document.querySelectorAll("form[" + BUSY + "]");
    for (var i = 0; i < busy.length; i++) {
      busy[i].removeAttribute(BUSY);
      var buttons = busy[i].querySelectorAll("button[aria-disabled]");
      for (var j = 0; j < buttons.length; j++) buttons[j].removeAttribute("aria-disabled");
    }
  });

  // Phones: keep the current menu item visible in the sideways-scrolling top bar.
  var current = document.querySelector(".sidebar__nav [aria-current=\"page\"]");
  if (current && current.scrollIntoView && window.matchMedia("(max-width: 47.99rem)").matches) {
    current.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
})();

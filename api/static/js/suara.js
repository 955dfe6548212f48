// Behaviour every page shares. Page families add their own scripts under /static/<family>/.
// The session's CSRF token (a meta tag of the layout) rides on every htmx request and every fetch made
// through suaraFetch, so cookie-signed writes pass the server's CSRF check.
(function () {
  "use strict";
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });
  window.suaraFetch = function (url, options) {
    options = options || {};
    options.headers = Object.assign({ "X-CSRF-Token": csrfToken() }, options.headers || {});
    options.credentials = "same-origin";
    return fetch(url, options);
  };
  // Close the account menu with Escape, so keyboard users are never trapped in it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.account[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
})();

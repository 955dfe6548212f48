// The inbox's response form carries files, so it is sent as multipart with the session's CSRF header
// (the server reads the token from a header for multipart bodies). Success follows the server's
// redirect; a refusal replaces the page's content with the re-rendered form and its message.
(function () {
  "use strict";
  function focusProblem() {
    var problem = document.querySelector("[data-testid='form-error']");
    if (problem) {
      problem.setAttribute("tabindex", "-1");
      problem.focus();
    }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-multipart")) return;
    event.preventDefault();
    var button = form.querySelector("button[type='submit']");
    if (button) button.disabled = true;
    window.suaraFetch(form.action, { method: "POST", body: new FormData(form) })
      .then(function (response) {
        if (response.ok && response.redirected) {
          window.location.assign(response.url);
          return null;
        }
        return response.text().then(function (html) {
          var next = new DOMParser().parseFromString(html, "text/html");
          var main = next.querySelector("main");
          if (main) document.querySelector("main").replaceChildren.apply(
            document.querySelector("main"), Array.prototype.slice.call(main.childNodes).map(function (n) {
              return document.importNode(n, true);
            }));
          focusProblem();
        });
      })
      .catch(function () {
        if (button) button.disabled = false;
      });
  });
})();

/* Forms, made a little better where JavaScript runs (everything works without it):
   - a link in the error summary moves to its field with the field's label or legend in view;
   - a form warns a few minutes before it expires, and says so when it has. */
(function () {
  "use strict";
  var WARN_SECONDS = 5 * 60;

  var summary = document.querySelector(".error-summary");
  if (summary) {
    if (document.activeElement === document.body) { summary.focus(); }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!input) { return; }
      var legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
      var label = legend || document.querySelector("label[for='" + input.id + "']") || input;
      event.preventDefault();
      label.scrollIntoView();
      input.focus({ preventScroll: true });
      history.replaceState(null, "", "#" + input.id);
    });
  }

  function clock(date) {
    var hours = date.getHours() % 12 || 12;
    var minutes = String(date.getMinutes()).padStart(2, "0");
    return hours + ":" + minutes + (date.getHours() < 12 ? "am" : "pm");
  }

  document.querySelectorAll(".form-expiry[data-expires-in]").forEach(function (notice) {
    var seconds = Number(notice.getAttribute("data-expires-in"));
    var ends = new Date(Date.now() + seconds * 1000);
    var warning = document.createElement("p");
    warning.className = "warning form-expiry-warning";
    warning.setAttribute("role", "status");
    notice.insertAdjacentElement("afterend", warning);
    setTimeout(function () {
      warning.textContent = "This form expires at " + clock(ends) + ", in " +
        Math.max(1, Math.round((ends - Date.now()) / 60000)) + " minutes. Send it soon: " +
        "if it expires, what you typed is kept and you are asked to send it again.";
    }, Math.max(0, seconds - WARN_SECONDS) * 1000);
    setTimeout(function () {
      warning.textContent = "This form has expired. Send it anyway: what you typed is kept, " +
        "nothing is saved, and you are asked to send it again.";
    }, seconds * 1000);
  });
}());

// The chair's live page, updated in place: fetch the page again, swap the live part when it
// changed, keep the keyboard focus where it was, and say what changed in a polite live region.
(function () {
  "use strict";
  var content = document.getElementById("live-content");
  if (!content || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(content.getAttribute("data-refresh"), 10) || 30;
  var status = document.getElementById("live-status");

  function update() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live-content");
        if (!fresh || fresh.innerHTML === content.innerHTML) { return; }
        var focused = document.activeElement && content.contains(document.activeElement)
          ? document.activeElement.id : null;
        var before = content.getAttribute("data-summary");
        content.innerHTML = fresh.innerHTML;
        content.setAttribute("data-summary", fresh.getAttribute("data-summary"));
        if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
        if (status && before !== fresh.getAttribute("data-summary")) {
          status.textContent = "Updated. " + fresh.getAttribute("data-summary");
        }
      })
      .catch(function () { /* the next try may reach the server */ });
  }
  window.setInterval(update, seconds * 1000);
})();

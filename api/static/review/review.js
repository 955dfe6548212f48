// A complaint's review: the audio follows the transcript and the transcript follows the audio.
// Selecting a word seeks the player to it (and picks it for correction); while playing, the word being
// heard is highlighted; a spoken number's button plays just its stretch and stops at its end.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var audio = document.getElementById("player");
    var words = Array.prototype.slice.call(document.querySelectorAll(".transcript .word"));
    var current = null;
    var stopAt = null;

    function timeOf(el, name) { return parseFloat(el.getAttribute(name)); }

    function wordAt(t) {
      // Words are in time order: binary search for the last one starting at or before t.
      var lo = 0, hi = words.length - 1, found = -1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (timeOf(words[mid], "data-start") <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
      }
      if (found < 0) return null;
      var w = words[found];
      return t < timeOf(w, "data-end") + 0.25 ? w : null;
    }

    function highlight() {
      if (!audio) return;
      var w = wordAt(audio.currentTime);
      if (w === current) return;
      if (current) { current.classList.remove("current"); current.removeAttribute("aria-current"); }
      current = w;
      if (w) { w.classList.add("current"); w.setAttribute("aria-current", "true"); }
    }

    function seek(seconds) {
      if (!audio) return;
      audio.currentTime = seconds;
      highlight();
    }

    if (audio) {
      audio.addEventListener("timeupdate", function () {
        if (stopAt !== null && audio.currentTime >= stopAt) { audio.pause(); stopAt = null; }
        highlight();
      });
      audio.addEventListener("seeked", highlight);
      audio.addEventListener("pause", highlight);
      var spanStart = parseFloat(audio.getAttribute("data-span-start")) || 0;
      if (spanStart > 0) {
        audio.addEventListener("loadedmetadata", function () {
          if (audio.currentTime < spanStart) audio.currentTime = spanStart;
        }, { once: true });
      }
      // Follow the highlight smoothly while playing (timeupdate alone fires only a few times a second).
      var tick = function () { if (!audio.paused) { highlight(); window.requestAnimationFrame(tick); } };
      audio.addEventListener("play", function () { window.requestAnimationFrame(tick); });
    }

    var form = document.getElementById("correction");
    var field = document.getElementById("correction-text");
    var save = document.getElementById("correction-save");
    var selected = null;

    function choose(word) {
      if (selected) selected.classList.remove("selected");
      selected = word;
      word.classList.add("selected");
      if (!form) return;
      document.getElementById("correction-seg").value = word.getAttribute("data-seg");
      document.getElementById("correction-idx").value = word.getAttribute("data-idx");
      field.disabled = false;
      save.disabled = false;
      field.value = word.textContent;
    }

    words.forEach(function (word) {
      word.addEventListener("click", function () {
        stopAt = null;
        seek(timeOf(word, "data-start"));
        choose(word);
        var played = audio && audio.play();
        if (played && played.catch) played.catch(function () {});
      });
    });

    document.querySelectorAll(".play-stretch").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!audio) return;
        seek(timeOf(button, "data-start"));
        stopAt = timeOf(button, "data-end");
        var played = audio.play();
        if (played && played.catch) played.catch(function () { stopAt = null; });
      });
    });
  });
})();

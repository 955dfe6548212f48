// A show's page: each complaint's clip plays only its own stretch (its media fragment #t=start,end,
// kept on replay), a turn's Play button plays that turn in the whole show's player, and only one
// player sounds at a time.
(function () {
  "use strict";
  var players = Array.prototype.slice.call(document.querySelectorAll("audio"));
  var show = document.getElementById("show-audio");
  var stopAt = null;

  function quietOthers(current) {
    players.forEach(function (player) {
      if (player !== current && !player.paused) player.pause();
    });
  }
  players.forEach(function (player) {
    player.addEventListener("play", function () { quietOthers(player); });
  });

  document.querySelectorAll("audio.clip").forEach(function (clip) {
    var start = parseFloat(clip.getAttribute("data-start"));
    var end = parseFloat(clip.getAttribute("data-end"));
    clip.addEventListener("play", function () {
      if (clip.currentTime < start - 0.05 || clip.currentTime >= end - 0.05) clip.currentTime = start;
    });
    clip.addEventListener("timeupdate", function () {
      if (clip.currentTime >= end) {
        clip.pause();
        clip.currentTime = end;
      }
    });
  });

  if (show) {
    show.addEventListener("timeupdate", function () {
      if (stopAt !== null && show.currentTime >= stopAt) {
        show.pause();
        stopAt = null;
      }
    });
    document.querySelectorAll("button.play-turn").forEach(function (button) {
      button.addEventListener("click", function () {
        show.currentTime = parseFloat(button.getAttribute("data-start"));
        stopAt = parseFloat(button.getAttribute("data-end"));
        show.play();
      });
    });
  }
})();

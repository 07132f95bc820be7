/* Progressive enhancement only: every page works without this file.
 *
 * Click-to-load trailers: a `.trailer__frame[data-embed]` shows a still and a plain link to the
 * video site. Nothing is fetched from that site until the reader presses play; then the frame's
 * content is replaced by the privacy-enhanced embed (its address comes from the server, which
 * only ever builds youtube-nocookie.com or player.vimeo.com URLs).
 */
(function () {
  "use strict";

  var ALLOWED_EMBED = /^https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//;

  function loadTrailer(frame) {
    var src = frame.getAttribute("data-embed") || "";
    if (!ALLOWED_EMBED.test(src)) {
      return false;
    }
    var iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.title = frame.getAttribute("data-title") || "Trailer";
    iframe.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    iframe.setAttribute("allowfullscreen", "");
    iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    iframe.setAttribute("loading", "lazy");
    frame.replaceChildren(iframe);
    frame.classList.add("trailer__frame--playing");
    // The button that had focus is gone; keep keyboard users in the same place.
    iframe.focus();
    return true;
  }

  function enhanceTrailers() {
    var frames = document.querySelectorAll(".trailer__frame[data-embed]");
    Array.prototype.forEach.call(frames, function (frame) {
      var play = frame.querySelector(".trailer__play");
      if (!play) {
        return;
      }
      play.addEventListener("click", function (event) {
        // Let modified clicks (new tab, new window) follow the plain link.
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
          return;
        }
        if (loadTrailer(frame)) {
          event.preventDefault();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceTrailers);
  } else {
    enhanceTrailers();
  }
})();

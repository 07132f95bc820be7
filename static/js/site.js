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

/* A copy of the review being written, kept in this browser while typing.
 *
 * If saving fails in a way the server cannot answer with the form (a crash, a lost connection,
 * an expired login), the next visit to the same form offers the copy back. A page that comes
 * back with the same text the copy holds means the server has it: the copy is dropped.
 */
(function () {
  "use strict";

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage switched off: the form works as before
    }
  }

  function offerRestore(form, body, saved, store, key) {
    var notice = document.createElement("div");
    notice.className = "notice draft-copy";
    notice.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = "This browser kept a copy of the review you were writing (" +
      new Date(saved.at).toLocaleString() + "). It differs from the saved version.";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button button--secondary";
    restore.textContent = "Put the kept copy back";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = "Discard it";
    restore.addEventListener("click", function () {
      body.value = saved.text;
      notice.remove();
      body.focus();
    });
    discard.addEventListener("click", function () {
      store.removeItem(key);
      notice.remove();
    });
    notice.append(text, restore, " ", discard);
    form.prepend(notice);
  }

  function keepDrafts() {
    var store = storage();
    var form = document.querySelector("form[data-draft-key]");
    var body = form && form.querySelector("textarea[name=body]");
    if (!store || !body) {
      return;
    }
    var key = "blog-draft:" + form.getAttribute("data-draft-key");
    var saved = null;
    try {
      saved = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      store.removeItem(key);
    }
    if (saved && saved.text && saved.text !== body.value) {
      offerRestore(form, body, saved, store, key);
    } else if (saved) {
      store.removeItem(key);
    }
    var timer = null;
    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          store.setItem(key, JSON.stringify({ text: body.value, at: Date.now() }));
        } catch (error) {
          // Storage full or refused: nothing to do but carry on.
        }
      }, 500);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", keepDrafts);
  } else {
    keepDrafts();
  }
})();

/* Suggestions while typing a film or tags in the review form.
 *
 * The form works without this: the server resolves a typed film name when the form is saved. An
 * input with `data-lookup` ("films", "tags") and a `list` datalist gets up to a dozen matches
 * from the studio's lookup (`data-lookup-base` on the form); for the comma-separated tags field
 * only the tag being typed is looked up, and a suggestion keeps the tags before it.
 */
(function () {
  "use strict";

  function suggest(input, base) {
    var list = document.getElementById(input.getAttribute("list") || "");
    var kind = input.getAttribute("data-lookup");
    if (!list || !kind) {
      return;
    }
    var several = kind === "tags";
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var value = input.value;
        var cut = several ? value.lastIndexOf(",") + 1 : 0;
        var before = value.slice(0, cut);
        var query = value.slice(cut).trim();
        if (query.length < 2 || query === asked) {
          return;
        }
        asked = query;
        fetch(base + kind + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" }
        }).then(function (response) {
          return response.ok ? response.json() : { results: [] };
        }).then(function (data) {
          var options = (data.results || []).map(function (name) {
            var option = document.createElement("option");
            option.value = before ? before.replace(/\s*$/, " ") + name : name;
            return option;
          });
          list.replaceChildren.apply(list, options);
        }).catch(function () {
          // Offline or signed out: typing still works, only without suggestions.
        });
      }, 200);
    });
  }

  function enhanceLookups() {
    var form = document.querySelector("form[data-lookup-base]");
    if (!form) {
      return;
    }
    var base = form.getAttribute("data-lookup-base");
    Array.prototype.forEach.call(form.querySelectorAll("input[data-lookup]"), function (input) {
      suggest(input, base);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceLookups);
  } else {
    enhanceLookups();
  }
})();

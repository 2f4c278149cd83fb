// pycov.js: the behaviour of pycov's HTML report. It loads nothing and
// sends nothing; the only state it keeps is in localStorage (the theme,
// the sort order and "hide covered"), and it works without it.
//
// Every page: the light/dark theme (the system's unless chosen with the
// button or "t"). The index: sorting, filtering, hiding covered files.
// A file page: keys to move between missed lines and back to the index.
(function () {
  "use strict";

  var root = document.documentElement;

  // store is localStorage, or nothing where a browser refuses it.
  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* not kept */ } }
  };

  // The theme is applied before the page is drawn, so it never flashes.
  var chosen = store.get("pycov-theme");
  if (chosen === "light" || chosen === "dark") {
    root.setAttribute("data-theme", chosen);
  }

  function theme() {
    var t = root.getAttribute("data-theme");
    if (t) {
      return t;
    }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function showTheme() {
    var name = document.getElementById("theme-name");
    if (name) {
      // The label names what a click does, not the theme shown.
      name.textContent = theme() === "dark" ? "Light theme" : "Dark theme";
    }
  }

  function toggleTheme() {
    var t = theme() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", t);
    store.set("pycov-theme", t);
    showTheme();
  }

  // typing is true when a key goes to a text field, not to the page.
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
  }

  function plainKey(e) {
    return !e.ctrlKey && !e.metaKey && !e.altKey;
  }

  // ---- The index ----

  function initIndex() {
    var table = document.getElementById("files");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var filter = document.getElementById("filter");
    var hideCovered = document.getElementById("hide-covered");
    var shown = document.getElementById("shown");
    var none = document.getElementById("none");
    // What the filter matches: the file's name and, on the function and
    // class indexes, the function's or class's.
    var names = rows.map(function (r) {
      return Array.prototype.map.call(r.querySelectorAll("td.name"), function (c) { return c.textContent; }).join(" ").toLowerCase();
    });
    var one = table.getAttribute("data-one") || "file";
    var many = table.getAttribute("data-many") || "files";
    // Each table keeps its own sort order.
    var sortKey = table.getAttribute("data-sort-key") || "pycov-sort";

    // apply hides the rows the filter and "hide covered" leave out: one
    // pass over the rows.
    function apply() {
      var q = filter.value.toLowerCase();
      var hide = hideCovered.checked;
      var n = 0;
      for (var i = 0; i < rows.length; i++) {
        var h = (q !== "" && names[i].indexOf(q) < 0) || (hide && rows[i].classList.contains("covered"));
        rows[i].hidden = h;
        if (!h) {
          n++;
        }
      }
      shown.textContent = n === rows.length ? rows.length + " " + (rows.length === 1 ? one : many) : n + " of " + rows.length + " " + many;
      none.hidden = n > 0;
    }

    // sortBy orders the rows by column col, ascending or not; ties keep
    // the name order the page was written in.
    function sortBy(col, asc) {
      var numeric = heads[col].querySelector("button").getAttribute("data-type") !== "str";
      var keyed = rows.map(function (r, i) {
        var c = r.cells[col];
        return { row: r, i: i, k: numeric ? parseFloat(c.getAttribute("data-v")) : c.textContent };
      });
      keyed.sort(function (a, b) {
        var d = numeric ? a.k - b.k : (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
        return (asc ? d : -d) || a.i - b.i;
      });
      var frag = document.createDocumentFragment();
      keyed.forEach(function (x) { frag.appendChild(x.row); });
      tbody.appendChild(frag);
      heads.forEach(function (h, i) {
        if (i === col) {
          h.setAttribute("aria-sort", asc ? "ascending" : "descending");
        } else {
          h.removeAttribute("aria-sort");
        }
      });
      store.set(sortKey, col + (asc ? "" : "-"));
    }

    heads.forEach(function (h, col) {
      h.querySelector("button").addEventListener("click", function () {
        sortBy(col, h.getAttribute("aria-sort") !== "ascending");
      });
    });

    filter.addEventListener("input", apply);
    hideCovered.addEventListener("change", function () {
      store.set("pycov-hide-covered", hideCovered.checked ? "1" : "");
      apply();
    });
    Array.prototype.forEach.call(document.querySelectorAll("button.dirf"), function (b) {
      b.addEventListener("click", function (e) {
        e.preventDefault(); // a button in a <summary> must not fold it
        filter.value = b.getAttribute("data-filter");
        apply();
        table.scrollIntoView({ block: "start" });
      });
    });
    document.addEventListener("keydown", function (e) {
      if (typing(e) || !plainKey(e)) {
        if (e.key === "Escape" && e.target === filter) {
          filter.value = "";
          apply();
          filter.blur();
        }
        return;
      }
      if (e.key === "/") {
        e.preventDefault();
        filter.focus();
      } else if (e.key === "t") {
        toggleTheme();
      }
    });

    var saved = /^(\d+)(-?)$/.exec(store.get(sortKey) || "");
    if (saved && +saved[1] < heads.length && !(saved[1] === "0" && saved[2] === "")) {
      sortBy(+saved[1], saved[2] === "");
    }
    hideCovered.checked = store.get("pycov-hide-covered") === "1";
    apply();
  }

  // ---- A file page ----

  function initFile() {
    // The missed and partial lines, in order, and their numbers: found
    // once, then each key press is a binary search.
    var targets = document.querySelectorAll(".row.mis, .row.par");
    var lines = new Int32Array(targets.length);
    for (var i = 0; i < targets.length; i++) {
      lines[i] = +targets[i].id.slice(1);
    }
    var current = null;

    function lineOf(el) {
      return el ? +el.id.slice(1) : 0;
    }

    // here is the line to move from: the current one or, when that is
    // out of sight, the top of the window.
    function here() {
      var el = current;
      if (el) {
        var r = el.getBoundingClientRect();
        if (r.bottom > 0 && r.top < window.innerHeight) {
          return lineOf(el);
        }
      }
      var src = document.querySelector(".src");
      if (!src) {
        return 0;
      }
      // Just below the header, which stays at the top of the window.
      var head = document.querySelector("header.top");
      var y = Math.max(4, head ? head.getBoundingClientRect().bottom + 4 : 4);
      var top = document.elementFromPoint(src.getBoundingClientRect().left + 4, y);
      var l = top && top.closest ? top.closest(".row") : null;
      return l ? lineOf(l) - 1 : 0;
    }

    // firstAfter is the index of the first target after line n.
    function firstAfter(n) {
      var lo = 0, hi = lines.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (lines[mid] > n) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }

    function moveTo(el) {
      if (current) {
        current.classList.remove("cur");
      }
      current = el;
      el.classList.add("cur");
      el.scrollIntoView({ block: "center" });
      try {
        history.replaceState(null, "", "#" + el.id);
      } catch (e) { /* the address keeps its old line */ }
    }

    // shown is false for a line whose kind is hidden by its button.
    function shown(el) {
      return el.offsetParent !== null;
    }

    function next() {
      for (var i = firstAfter(here()); i < targets.length; i++) {
        if (shown(targets[i])) {
          moveTo(targets[i]);
          return;
        }
      }
    }

    function prev() {
      for (var i = firstAfter(here() - 1) - 1; i >= 0; i--) {
        if (shown(targets[i])) {
          moveTo(targets[i]);
          return;
        }
      }
    }

    // The legend's buttons hide and show each kind of line: ran, missing,
    // excluded, partial. Which are hidden is kept for every page.
    var toggles = document.querySelectorAll(".legend button.lg");
    function setHidden(kind, hide) {
      document.body.classList.toggle("hide-" + kind, hide);
      Array.prototype.forEach.call(toggles, function (b) {
        if (b.getAttribute("data-kind") === kind) {
          b.setAttribute("aria-pressed", hide ? "false" : "true");
        }
      });
    }
    var hidden = (store.get("pycov-hidden") || "").split(" ");
    Array.prototype.forEach.call(toggles, function (b) {
      var kind = b.getAttribute("data-kind");
      setHidden(kind, hidden.indexOf(kind) >= 0);
      b.addEventListener("click", function () {
        setHidden(kind, !document.body.classList.contains("hide-" + kind));
        var now = [];
        ["run", "mis", "exc", "par"].forEach(function (k) {
          if (document.body.classList.contains("hide-" + k)) {
            now.push(k);
          }
        });
        store.set("pycov-hidden", now.join(" "));
        drawMarks();
      });
    });

    // Markers beside the scrollbar: where the missed (red) and partial
    // (yellow) lines are in the whole page, one marker per run of
    // neighbouring lines of a kind; clicking one goes to its first line.
    var marks = null;
    function drawMarks() {
      if (marks) {
        marks.remove();
      }
      marks = null;
      var height = document.documentElement.scrollHeight;
      if (!targets.length || !height) {
        return;
      }
      var groups = [], last = null, lastLine = -2;
      for (var i = 0; i < targets.length; i++) {
        var el = targets[i];
        if (!shown(el)) {
          continue;
        }
        var kind = el.classList.contains("mis") ? "mis" : "par";
        var r = el.getBoundingClientRect();
        var top = r.top + window.scrollY;
        if (last && kind === last.kind && lines[i] === lastLine + 1) {
          last.bottom = top + r.height;
        } else {
          last = { el: el, line: lines[i], kind: kind, top: top, bottom: top + r.height };
          groups.push(last);
        }
        lastLine = lines[i];
      }
      marks = document.createElement("div");
      marks.className = "marks";
      marks.setAttribute("aria-hidden", "true");
      groups.forEach(function (g) {
        var m = document.createElement("span");
        m.className = "mark " + g.kind;
        m.title = "line " + g.line;
        m.style.top = (100 * g.top / height).toFixed(3) + "%";
        m.style.height = "max(3px, " + (100 * (g.bottom - g.top) / height).toFixed(3) + "%)";
        m.addEventListener("click", function () { moveTo(g.el); });
        marks.appendChild(m);
      });
      document.body.appendChild(marks);
    }
    // Placing the markers needs the page laid out: on a long file that
    // takes a while, so it is done after the page is first drawn.
    var redraw = 0;
    function drawMarksSoon(ms) {
      clearTimeout(redraw);
      redraw = setTimeout(drawMarks, ms);
    }
    window.requestAnimationFrame(function () { drawMarksSoon(0); });
    window.addEventListener("resize", function () { drawMarksSoon(100); });

    function follow(id) {
      var a = document.getElementById(id);
      if (a) {
        location.href = a.getAttribute("href");
      }
    }

    // The line the address names (a line number was clicked, or the page
    // was opened at a line) is the current one, and the one to move from.
    function fromHash() {
      var el = document.getElementById(location.hash.slice(1));
      if (current) {
        current.classList.remove("cur");
      }
      current = el && el.classList.contains("row") ? el : null;
      if (current) {
        current.classList.add("cur");
      }
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();

    document.addEventListener("keydown", function (e) {
      if (typing(e) || !plainKey(e)) {
        return;
      }
      switch (e.key) {
      case "j": case "n": next(); break;
      case "k": case "p": prev(); break;
      case "u": case "Escape": follow("index-link"); break;
      case "[": follow("prev-file"); break;
      case "]": follow("next-file"); break;
      case "t": toggleTheme(); break;
      default: return;
      }
      e.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("theme");
    if (button) {
      button.addEventListener("click", toggleTheme);
    }
    showTheme();
    if (window.matchMedia) {
      var mq = window.matchMedia("(prefers-color-scheme: dark)");
      if (mq.addEventListener) {
        mq.addEventListener("change", showTheme);
      }
    }
    var t0 = window.performance ? performance.now() : 0;
    if (document.body.classList.contains("index")) {
      initIndex();
    } else if (document.body.classList.contains("file")) {
      initFile();
    }
    // How long setting up took, for tests that open large pages.
    window.pycovInitMs = window.performance ? performance.now() - t0 : 0;
  });
})();

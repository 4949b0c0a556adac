// Search of the static site: every named thing, by Thai or English words, from search-index.js (no server).
// Thai is written without spaces between words, so a word is found inside a name, not only at its start.
(function () {
  "use strict";
  var index = window.SMARTCITY_SEARCH || [];
  var results = document.getElementById("results");
  var input = document.getElementById("q");
  var lang = results.getAttribute("data-lang");
  function fold(text) { return text.normalize("NFC").toLowerCase(); }
  var prepared = index.map(function (entry) {
    var names = entry.th.concat(entry.en);
    return { entry: entry, names: names.map(fold), all: fold(names.join(" ") + " " + entry.id) };
  });
  function score(item, words, phrase) {
    for (var i = 0; i < words.length; i++) { if (item.all.indexOf(words[i]) < 0) { return -1; } }
    var best = 3;
    item.names.forEach(function (name) {
      if (name === phrase) { best = Math.min(best, 0); }
      else if (name.indexOf(phrase) === 0) { best = Math.min(best, 1); }
      else if (name.indexOf(phrase) >= 0) { best = Math.min(best, 2); }
    });
    return best;
  }
  function title(entry) {
    var own = lang === "th" ? entry.th : entry.en;
    var other = lang === "th" ? entry.en : entry.th;
    return own[0] || other[0] || entry.id;
  }
  function show(query) {
    results.textContent = "";
    var phrase = fold(query.trim());
    if (!phrase) { return; }
    var words = phrase.split(/\s+/);
    var found = [];
    prepared.forEach(function (item) {
      var s = score(item, words, phrase);
      if (s >= 0) { found.push({ s: s, item: item }); }
    });
    found.sort(function (a, b) { return a.s - b.s || title(a.item.entry).localeCompare(title(b.item.entry)); });
    if (!found.length) {
      var none = document.createElement("p");
      none.className = "none";
      none.textContent = results.getAttribute("data-none");
      results.appendChild(none);
      return;
    }
    var list = document.createElement("ol");
    list.className = "results";
    found.slice(0, 100).forEach(function (hit) {
      var entry = hit.item.entry;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry.page[lang];
      a.textContent = title(entry);
      a.setAttribute("data-id", entry.id);
      li.appendChild(a);
      var other = (lang === "th" ? entry.en : entry.th)[0];
      if (other && other !== a.textContent) {
        var alt = document.createElement("span");
        alt.className = "other-name";
        alt.textContent = " · " + other;
        li.appendChild(alt);
      }
      var kind = document.createElement("small");
      kind.className = "tag";
      kind.textContent = " " + (entry.type[lang] || []).join(", ");
      li.appendChild(kind);
      list.appendChild(li);
    });
    results.appendChild(list);
  }
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q") || "";
  input.value = query;
  show(query);
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    if (window.history && window.location.protocol !== "file:") {
      window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    }
  });
  input.addEventListener("input", function () { show(input.value); });
})();

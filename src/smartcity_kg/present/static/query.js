// The query page: YASGUI (served from this server, installed from npm) with one tab per example query,
// named by its question in the page's language, and a result table that shows values as a person reads them.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("examples").textContent);
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;
  // The "property" and "class" autocompleters ask an outside service (LOV); this page talks only to its server.
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "property" && name !== "class";
  });
  // YASQE writes a PREFIX line from its bundled list (prefix.cc's) when a query uses an undeclared prefix. For
  // the project's prefixes that line would override the namespace the server predeclares (its schema: is
  // https://schema.org/, its gn: https://sws.geonames.org/), so the project's declarations replace those.
  var bundled = Yasqe.Autocompleters.prefixes;
  Yasqe.registerAutocompleter(Object.assign({}, bundled, {
    get: function (yasqe) {
      return Promise.resolve(bundled.get(yasqe)).then(function (lines) {
        var own = Object.keys(data.prefixes).map(function (name) { return name + ": <" + data.prefixes[name] + ">"; });
        var others = lines.filter(function (line) { return !Object.prototype.hasOwnProperty.call(data.prefixes, line.split(":")[0]); });
        return own.concat(others).sort();
      });
    },
  }));

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // As iri.compact on the server: the longest namespace that fits (tscsh: before tsc:).
  function compact(value, prefixes) {
    var best = value, length = 0;
    Object.keys(prefixes || {}).forEach(function (prefix) {
      var namespace = prefixes[prefix];
      if (namespace && value.indexOf(namespace) === 0 && namespace.length > length) {
        best = prefix + ":" + value.slice(namespace.length);
        length = namespace.length;
      }
    });
    return best;
  }

  var ids = data.base + "id/";

  function iriHtml(value, prefixes) {
    var local = value.indexOf(data.base) === 0;
    // Things show as the queries write them under their BASE (area/nakhon-rayong), as docs/queries.md does.
    var text = value.indexOf(ids) === 0 ? value.slice(ids.length) : compact(value, prefixes);
    var title = ' title="' + escapeHtml(value) + '"';
    if (local) {
      // This server answers for the base: /id/... is 303'd to the page here, wherever <base> itself points.
      return '<a class="iri" href="' + escapeHtml("/" + value.slice(data.base.length)) + '"' + title + ">" + escapeHtml(text) + "</a>";
    }
    if (/^https?:\/\//i.test(value)) {
      return '<a class="iri" href="' + escapeHtml(value) + '" target="_blank" rel="noopener noreferrer"' + title + ">" + escapeHtml(text) + "</a>";
    }
    return '<span class="iri"' + title + ">" + escapeHtml(text) + "</span>"; // urn:, mailto: ... are not followed
  }

  function literalHtml(binding, prefixes) {
    var language = binding["xml:lang"];
    // A no-break space keeps the tag on the line of the text's last word.
    if (language) {
      return '<span lang="' + escapeHtml(language) + '">' + escapeHtml(binding.value) + '</span>\u00a0<small class="tag">' + escapeHtml(language) + "</small>";
    }
    // The datatype stays out of sight (a count reads 15), on hover for whoever wants it.
    var title = binding.datatype ? ' title="' + escapeHtml(compact(binding.datatype, prefixes)) + '"' : "";
    return "<span" + title + ">" + escapeHtml(binding.value) + "</span>";
  }

  // YASR 4.6's table plugin has no option for its cell text; getCellContent (private in its TypeScript, a
  // plain method in the build) is the one place every cell passes. "Simple view" (its `compact` setting) is
  // this rendering; switched off, YASR's own shows the full RDF terms ("1"^^<...#integer>).
  var Table = Yasr.plugins.table;
  class PlainTable extends Table {
    getCellContent(binding, prefixes) {
      if (!this.persistentConfig.compact) return super.getCellContent(binding, prefixes);
      if (binding.type === "uri") return '<div class="plain">' + iriHtml(binding.value, prefixes) + "</div>";
      if (binding.type === "literal" || binding.type === "typed-literal") return '<div class="plain">' + literalHtml(binding, prefixes) + "</div>";
      if (binding.type === "bnode") return '<div class="plain">_:' + escapeHtml(binding.value) + "</div>";
      return super.getCellContent(binding, prefixes);
    }
  }
  Yasr.registerPlugin("table", PlainTable);

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: data.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: data.endpoint }]; } },
    // The project's prefixes, for YASR's own rendering too; a query's own PREFIX lines are added by YASGUI.
    yasr: { prefixes: data.prefixes },
  });
  // Tabs left from an earlier visit are replaced by the examples as they are now.
  Object.keys(yasgui._tabs).forEach(function (id) { yasgui.getTab(id).close(); });
  // The plain view by default, and no ellipsis: a Thai name is read whole, not cut after a few characters.
  var table = { compact: true, isEllipsed: false };
  data.tabs.forEach(function (tab, i) {
    yasgui.addTab(i === 0, {
      name: tab.name,
      yasqe: { value: tab.query },
      yasr: { settings: { pluginsConfig: { table: table } } },
      requestConfig: { endpoint: data.endpoint, method: "POST" },
    });
  });
  window.smartcityYasgui = yasgui;
})();

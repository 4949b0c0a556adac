// The query page: YASGUI (served from this server, installed from npm) with one tab per example query.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("examples").textContent);
  var Yasqe = Yasgui.Yasqe;
  // The "property" and "class" autocompleters ask an outside service (LOV); this page talks only to its server.
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "property" && name !== "class";
  });
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: data.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: data.endpoint }]; } },
  });
  // Tabs left from an earlier visit are replaced by the examples as they are now.
  Object.keys(yasgui._tabs).forEach(function (id) { yasgui.getTab(id).close(); });
  data.tabs.forEach(function (tab, i) {
    yasgui.addTab(i === 0, { name: tab.name, yasqe: { value: tab.query }, requestConfig: { endpoint: data.endpoint, method: "POST" } });
  });
  window.smartcityYasgui = yasgui;
})();

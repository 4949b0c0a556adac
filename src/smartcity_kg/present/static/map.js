// The map of the static site: recolour the provinces for the certification batch chosen (no server, no tiles).
(function () {
  "use strict";
  var STEPS = 4;
  var form = document.getElementById("batch-filter");
  if (!form) { return; }
  function colour(batch) {
    var provinces = document.querySelectorAll("#map path.province");
    for (var i = 0; i < provinces.length; i++) {
      var path = provinces[i];
      var n = Number(batch === "all" ? path.getAttribute("data-total") : path.getAttribute("data-batch-" + batch)) || 0;
      for (var k = 0; k <= STEPS; k++) { path.classList.remove("n" + k); }
      path.classList.add("n" + Math.min(n, STEPS));
    }
    document.getElementById("map").setAttribute("data-batch", batch);
  }
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "batch") { colour(event.target.value); }
  });
  var checked = form.querySelector("input[name=batch]:checked");
  colour(checked ? checked.value : "all");
})();

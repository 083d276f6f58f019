// Follow a background job: refresh its status, progress and time left every two seconds, and
// reload the page once the job has finished, to show its result or its error.
(function () {
  var box = document.getElementById("job");
  if (!box) return;
  var text = function (id, value) {
    var node = document.getElementById(id);
    if (node) node.textContent = value;
  };
  function refresh() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) return;
        if (job.finished) { window.location.reload(); return; }
        text("job-status", job.status_label);
        text("job-stage", job.stage);
        var count = String(job.done);
        if (job.total) count += " / " + String(job.total);
        text("job-count", count);
        text("job-left", job.seconds_left === null ? "" : box.dataset.left.replace("S", String(job.seconds_left)));
        var bar = document.getElementById("job-progress");
        if (bar && job.percent !== null) bar.value = job.percent;
      })
      .catch(function () { /* the next tick tries again */ })
      .finally(function () { window.setTimeout(refresh, 2000); });
  }
  window.setTimeout(refresh, 2000);
})();

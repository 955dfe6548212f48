// The producer's upload: one or several recordings, dropped on the drop zone or chosen with the file
// input (keyboard users), each sent to the API with XMLHttpRequest so its upload progress shows, then
// its intake job polled until done. Every text comes from the page's data-msg-* attributes (translated).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var input = document.getElementById("show-files");
  var zone = form.querySelector("[data-drop-zone]");
  var chosen = form.querySelector("[data-chosen]");
  var errorBox = form.querySelector("[data-upload-error]");
  var list = document.querySelector("[data-upload-list]");
  var files = [];

  function msg(name, fields) {
    var text = form.getAttribute("data-msg-" + name) || name;
    Object.keys(fields || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(fields[key]);
    });
    return text;
  }
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  function showChosen() {
    chosen.textContent = files.map(function (f) { return f.name; }).join(", ");
  }
  function fail(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  input.addEventListener("change", function () {
    files = Array.prototype.slice.call(input.files);
    showChosen();
  });
  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove("dragging"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    var dropped = event.dataTransfer ? Array.prototype.slice.call(event.dataTransfer.files) : [];
    if (!dropped.length) return;
    files = dropped;
    showChosen();
  });

  function recordedAt() {
    var date = form.elements["air_date"].value;
    if (!date) return "";
    var time = form.elements["air_time"].value || "00:00";
    return date + "T" + time + ":00" + form.getAttribute("data-utc-offset");
  }

  // A visible label for a progress bar, so sighted and screen-reader users read the same words.
  function caption(bar, text) {
    var label = document.createElement("label");
    label.htmlFor = bar.id;
    label.className = "bar-label";
    label.textContent = text;
    return label;
  }

  function row(file) {
    var item = document.createElement("li");
    item.className = "upload-item";
    item.setAttribute("data-testid", "upload-item");
    var name = document.createElement("strong");
    name.textContent = file.name;
    var sent = document.createElement("progress");
    sent.max = 100;
    sent.value = 0;
    sent.setAttribute("data-testid", "upload-progress");
    var job = document.createElement("progress");
    job.max = 100;
    job.value = 0;
    job.setAttribute("data-testid", "job-progress");
    var status = document.createElement("p");
    status.className = "upload-status";
    status.setAttribute("role", "status");
    status.setAttribute("data-testid", "upload-status");
    status.textContent = msg("waiting");
    var n = list.children.length;
    sent.id = "upload-bar-" + n;
    job.id = "job-bar-" + n;
    item.append(name, caption(sent, msg("upload-progress", { name: file.name })), sent,
      caption(job, msg("job-progress", { name: file.name })), job, status);
    list.append(item);
    return { item: item, sent: sent, job: job, status: status };
  }

  function problemText(xhr) {
    try {
      var body = JSON.parse(xhr.responseText);
      return body.detail || body.title || String(xhr.status);
    } catch (e) {
      return String(xhr.status);
    }
  }

  function link(parts, recordingId) {
    var a = document.createElement("a");
    a.href = "/shows/" + recordingId;
    a.textContent = msg("open");
    a.setAttribute("data-testid", "open-show");
    parts.item.append(a);
  }

  function upload(file, parts) {
    return new Promise(function (resolve) {
      parts.status.textContent = msg("uploading");
      var data = new FormData();
      data.append("channel", "radio");
      ["station", "programme"].forEach(function (field) {
        var value = form.elements[field].value.trim();
        if (value) data.append(field, value);
      });
      var when = recordedAt();
      if (when) data.append("recorded_at", when);
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("data-upload-url"));
      xhr.setRequestHeader("X-CSRF-Token", csrfToken());
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) parts.sent.value = Math.round((event.loaded / event.total) * 100);
      });
      xhr.addEventListener("load", function () {
        if (xhr.status !== 200 && xhr.status !== 201) {
          parts.status.textContent = msg("failed") + ": " + problemText(xhr);
          parts.item.classList.add("failed");
          resolve();
          return;
        }
        parts.sent.value = 100;
        var body = JSON.parse(xhr.responseText);
        parts.status.textContent = xhr.status === 200 ? msg("already") : msg("uploaded");
        link(parts, body.recording.id);
        if (body.job) follow(body.job.id, parts.job, parts.status);
        resolve();
      });
      xhr.addEventListener("error", function () {
        parts.status.textContent = msg("failed");
        resolve();
      });
      xhr.send(data);
    });
  }

  // Processing: the job's own status and progress, polled until it is done or failed.
  function describe(job) {
    var text = msg(job.status === "failed" ? "job-failed" : job.status);
    if (job.status === "running" && job.stage) text += " · " + msg("stage-" + job.stage);
    if (job.status === "failed" && job.error) text += ": " + job.error;
    return text;
  }
  function follow(jobId, bar, status) {
    function poll() {
      fetch(form.getAttribute("data-jobs-url") + jobId, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) { window.setTimeout(poll, 2000); return; }
          bar.value = Math.round(job.progress * 100);
          status.textContent = describe(job);
          status.setAttribute("data-job-status", job.status);
          if (job.status !== "done" && job.status !== "failed") window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    }
    poll();
  }
  // Shows listed on the page that are still being processed follow the same way.
  document.querySelectorAll(".job[data-job-id]").forEach(function (box) {
    var state = box.getAttribute("data-job-status");
    if (state === "done" || state === "failed") return;
    follow(box.getAttribute("data-job-id"), box.querySelector("progress"), box.querySelector(".job-text"));
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!files.length) {
      fail(msg("none"));
      input.focus();
      return;
    }
    fail("");
    var queue = files.slice();
    files = [];
    input.value = "";
    showChosen();
    // Every file gets its row at once; they are sent one after the other, so each has the line to itself.
    var rows = queue.map(row);
    queue.reduce(function (previous, file, i) {
      return previous.then(function () { return upload(file, rows[i]); });
    }, Promise.resolve());
  });
})();

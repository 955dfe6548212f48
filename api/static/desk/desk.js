// The operator's live-call page: microphone → AudioWorklet → /ws/asr (vosk-server's protocol, on the
// page's cookie session), the transcript as it grows, nlp's reading of it in the form (fields the
// operator changed are left alone), "play this stretch" from the call's own recording, and filing the
// call with that recording: a WAV of exactly the samples the recognizer heard, so word times match it.
(function () {
  "use strict";
  var root = document.getElementById("desk");
  if (!root) return;
  function $(id) { return document.getElementById(id); }
  function msg(name) { return root.getAttribute("data-msg-" + name) || name; }

  var call = null; // the call in progress or just ended
  var edited = {};
  var reading = null;

  function status(text, isError) {
    var line = $("desk-status");
    line.textContent = text;
    line.classList.toggle("message", !!isError);
    line.classList.toggle("error", !!isError);
  }

  document.querySelectorAll("#desk-form [data-fill]").forEach(function (field) {
    field.addEventListener("input", function () {
      edited[field.getAttribute("data-fill")] = true;
      if (field.id === "desk-place") { // a place typed by hand has no code until a verifier gives one
        $("desk-region").value = "";
        $("desk-place-code").textContent = "";
      }
    });
  });

  function toInt16(block) {
    var out = new Int16Array(block.length);
    for (var i = 0; i < block.length; i++) {
      var s = Math.max(-1, Math.min(1, block[i]));
      out[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
    }
    return out;
  }

  function joined(chunks, total) {
    var out = new Int16Array(total);
    var at = 0;
    chunks.forEach(function (c) { out.set(c, at); at += c.length; });
    return out;
  }

  function wav(samples, rate) {
    var buffer = new ArrayBuffer(44 + samples.length * 2);
    var view = new DataView(buffer);
    function text(at, s) { for (var i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); }
    text(0, "RIFF"); view.setUint32(4, 36 + samples.length * 2, true); text(8, "WAVE");
    text(12, "fmt "); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
    view.setUint32(24, rate, true); view.setUint32(28, rate * 2, true); view.setUint16(32, 2, true);
    view.setUint16(34, 16, true); text(36, "data"); view.setUint32(40, samples.length * 2, true);
    new Int16Array(buffer, 44).set(samples);
    return new Blob([buffer], { type: "audio/wav" });
  }

  function recording() {
    return wav(joined(call.kept, call.keptLength), call.rate);
  }

  var lastLevel = 0;
  function showLevel(block) {
    var now = performance.now();
    if (now - lastLevel < 100) return;
    lastLevel = now;
    var sum = 0;
    for (var i = 0; i < block.length; i++) sum += block[i] * block[i];
    var rms = Math.sqrt(sum / block.length);
    var db = rms > 0 ? Math.max(-60, 20 * Math.log10(rms)) : -60;
    $("desk-meter").value = db;
    $("desk-meter").textContent = Math.round(db) + " dB";
  }

  function send() {
    if (!call.ws || call.ws.readyState !== WebSocket.OPEN || !call.pendingLength) return;
    call.ws.send(joined(call.pending, call.pendingLength).buffer);
    call.pending = [];
    call.pendingLength = 0;
  }

  function onBlock(block) {
    if (call.ended) return;
    showLevel(block);
    var samples = toInt16(block);
    call.kept.push(samples);
    call.keptLength += samples.length;
    call.pending.push(samples);
    call.pendingLength += samples.length;
    if (call.pendingLength >= call.rate / 10) send(); // 100 ms frames, as vosk clients send
  }

  function transcriptText() {
    return (call.finals.join(" ") + " " + call.partial).trim();
  }

  function showTranscript() {
    $("desk-final").textContent = call.finals.join(" ");
    $("desk-partial").textContent = call.partial;
    var lines = $("desk-lines");
    lines.scrollTop = lines.scrollHeight;
    if (!edited.text) $("desk-text").value = transcriptText();
    $("desk-file").disabled = !(call.ended && transcriptText());
    analyse();
  }

  function onAnswer(event) {
    var answer = JSON.parse(event.data);
    if ("partial" in answer) {
      if (answer.partial === call.partial) return;
      call.partial = answer.partial;
      call.partialWords = answer.partial_result || [];
    } else if ("text" in answer) {
      if (answer.text) call.finals.push(answer.text);
      (answer.result || []).forEach(function (w) { call.words.push(w); });
      call.partial = "";
      call.partialWords = [];
    }
    showTranscript();
  }

  // nlp's reading of the transcript: one request at a time, again at once if the text grew meanwhile.
  var asking = false;
  var askAgain = false;
  function analyse() {
    if (asking) { askAgain = true; return; }
    var text = transcriptText();
    if (!text || text === call.analysed) return;
    asking = true;
    call.analysed = text;
    var words = call.words.concat(call.partialWords).map(function (w) {
      return { text: w.word, start: w.start, end: w.end, confidence: w.conf };
    });
    window.suaraFetch("/desk/analysis", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text, words: words }),
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (found) {
      if (found) fill(found);
    }).catch(function () { /* the next growth of the text asks again */ }).then(function () {
      asking = false;
      if (askAgain) { askAgain = false; analyse(); }
    });
  }

  function setField(key, id, value) {
    if (edited[key] || value === null || value === undefined || value === "") return;
    $(id).value = value;
  }

  function fill(found) {
    reading = found;
    setField("name", "desk-name", found.name);
    if (found.place && !edited.place) {
      $("desk-place").value = found.place.name;
      $("desk-region").value = found.place.code;
      $("desk-place-code").textContent = found.place.code + (found.place.path ? " · " + found.place.path : "");
    }
    setField("phone", "desk-phone", found.phone && found.phone.value);
    setField("nik", "desk-nik", found.nik && found.nik.value);
    setField("topic", "desk-topic", found.topic);
    if (!edited.urgent) $("desk-urgent").checked = !!found.urgent;
    ["phone", "nik"].forEach(function (kind) {
      var spot = found[kind];
      $("desk-play-" + kind).disabled = !(spot && spot.start !== null && spot.start !== undefined);
    });
  }

  function play(kind) {
    var spot = reading && reading[kind];
    if (!spot || spot.start === null || spot.start === undefined) return;
    var player = $("desk-player");
    if (player.src) URL.revokeObjectURL(player.src);
    player.src = URL.createObjectURL(recording());
    player.hidden = false;
    var stopAt = spot.end + 0.3;
    player.ontimeupdate = function () { if (player.currentTime >= stopAt) player.pause(); };
    player.onloadedmetadata = function () {
      player.currentTime = Math.max(0, spot.start - 0.3);
      player.play();
    };
  }
  $("desk-play-phone").addEventListener("click", function () { play("phone"); });
  $("desk-play-nik").addEventListener("click", function () { play("nik"); });

  async function start() {
    var media;
    $("desk-start").disabled = true;
    try {
      media = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
      });
    } catch (error) {
      status(msg("no-mic") + ": " + error.message, true);
      $("desk-start").disabled = false;
      return;
    }
    var context = new AudioContext();
    await context.audioWorklet.addModule(root.getAttribute("data-worklet"));
    call = {
      media: media, context: context, rate: context.sampleRate, kept: [], keptLength: 0, pending: [],
      pendingLength: 0, finals: [], words: [], partial: "", partialWords: [], ended: false, analysed: "",
    };
    var node = new AudioWorkletNode(context, "suara-capture");
    node.port.onmessage = function (event) { onBlock(event.data); };
    var mute = context.createGain();
    mute.gain.value = 0; // pulled by the destination, never heard (no echo of the caller)
    context.createMediaStreamSource(media).connect(node);
    node.connect(mute).connect(context.destination);
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    var ws = new WebSocket(scheme + "//" + location.host + "/ws/asr?language=" + root.getAttribute("data-language"));
    call.ws = ws;
    ws.onopen = function () {
      // Timed words come with each utterance's final only: asking Vosk for them in partials too makes
      // every partial about 1.3 s later (README, "Partial words"). A number the caller is still saying
      // gets its "play this stretch" button when the caller pauses and the utterance ends.
      ws.send(JSON.stringify({ config: { sample_rate: call.rate, words: 1 } }));
      send();
    };
    ws.onmessage = onAnswer;
    ws.onclose = function (event) {
      if (!call.ended) {
        status(msg("socket") + (event.reason ? ": " + event.reason : ""), true);
        stop(false);
      } else {
        status(msg("ended"));
        showTranscript();
      }
    };
    $("desk-stop").disabled = false;
    status(msg("listening"));
  }

  function stop(sayEof) {
    if (!call || call.ended) return;
    send();
    call.ended = true;
    call.media.getTracks().forEach(function (track) { track.stop(); });
    call.context.close();
    $("desk-stop").disabled = true;
    if (sayEof !== false && call.ws.readyState === WebSocket.OPEN) call.ws.send('{"eof" : 1}');
    showTranscript();
  }

  $("desk-start").addEventListener("click", start);
  $("desk-stop").addEventListener("click", function () { stop(true); });

  $("desk-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (!call || !call.ended) return;
    var form = new FormData();
    ["reporter_name", "reporter_phone", "reporter_nik", "region_code", "topic", "text", "caller_number", "notes"]
      .forEach(function (name) {
        var value = $("desk-form").elements[name].value.trim();
        if (value) form.append(name, value);
      });
    if ($("desk-urgent").checked) form.append("urgent", "1");
    form.append("file", recording(), "panggilan.wav");
    $("desk-error").hidden = true;
    $("desk-file").disabled = true;
    status(msg("filing"));
    window.suaraFetch("/desk/calls", { method: "POST", body: form }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (!answer.ok) throw new Error(answer.body.detail || "");
      var done = $("desk-done");
      done.textContent = msg("filed").replace("{id}", answer.body.tracking_number || "#" + answer.body.complaint_id);
      done.hidden = false;
      status(done.textContent);
    }).catch(function (error) {
      var box = $("desk-error");
      box.textContent = msg("failed") + (error.message ? ": " + error.message : "");
      box.hidden = false;
      $("desk-file").disabled = false;
      status(box.textContent, true);
    });
  });
})();

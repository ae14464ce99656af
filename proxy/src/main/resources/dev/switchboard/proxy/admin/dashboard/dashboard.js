// The dashboard's only script: polls dashboard.json and redraws; keeps each node's recent lag for the sparklines.
"use strict";
(function () {
  var POLL_MS = 1000;
  var HISTORY = 60; // samples per sparkline: the last minute at one poll a second
  var history = {}; // "cluster/node" -> { bytes: [], seconds: [] }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    }
    for (var i = 2; i < arguments.length; i++) {
      if (arguments[i] != null) node.appendChild(arguments[i]);
    }
    return node;
  }

  function bytes(n) {
    if (n == null) return "unknown";
    var units = ["B", "kB", "MB", "GB", "TB"], i = 0;
    while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
  }

  function seconds(s) {
    return s == null ? "unknown" : s < 10 ? s.toFixed(3) + " s" : s.toFixed(1) + " s";
  }

  function remember(key, node) {
    var h = history[key] || (history[key] = { bytes: [], seconds: [] });
    h.bytes.push(node.lag_bytes);
    h.seconds.push(node.lag_seconds);
    if (h.bytes.length > HISTORY) { h.bytes.shift(); h.seconds.shift(); }
    return h;
  }

  // An SVG polyline of the samples, right-aligned, scaled to their own maximum; an unknown sample reads as 0.
  function sparkline(samples, kind, label) {
    var ns = "http://www.w3.org/2000/svg", w = HISTORY - 1, h = 20;
    var max = 0;
    samples.forEach(function (v) { if (v != null && v > max) max = v; });
    var points = samples.map(function (v, i) {
      var x = HISTORY - samples.length + i;
      var y = max > 0 && v != null ? h - (v / max) * h : h;
      return x.toFixed(2) + "," + y.toFixed(2);
    }).join(" ");
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "spark " + kind);
    svg.setAttribute("viewBox", "0 -1 " + w + " " + (h + 2));
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    var line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points);
    svg.appendChild(line);
    return svg;
  }

  function figures(pairs, into) {
    var dl = into || el("dl", { class: "figures" });
    pairs.forEach(function (p) {
      dl.appendChild(el("dt", { text: p[0] }));
      dl.appendChild(el("dd", { text: p[1] }));
    });
    return dl;
  }

  function nodeCard(cluster, node) {
    var h = remember(cluster.name + "/" + node.node, node);
    var card = el("article", { class: "node", "data-node": node.node, "data-role": node.role },
      el("h3", { text: node.node }),
      el("span", { class: "role", text: node.role + (node.write_target ? " · write target" : "") }),
      figures([
        ["state", node.state],
        ["timeline", node.timeline == null ? "unknown" : String(node.timeline)],
        ["LSN", node.lsn == null ? "unknown" : node.lsn],
        ["lag", bytes(node.lag_bytes) + " · " + seconds(node.lag_seconds)],
        ["since", node.since ? new Date(node.since).toLocaleTimeString() : "—"]
      ]),
      el("div", { class: "spark-label", text: "lag, last " + h.bytes.length + " s: bytes" }),
      sparkline(h.bytes, "bytes", "lag in bytes, last " + h.bytes.length + " samples"),
      el("div", { class: "spark-label", text: "seconds" }),
      sparkline(h.seconds, "seconds", "lag in seconds, last " + h.seconds.length + " samples"),
      node.detail ? el("div", { class: "detail", text: node.detail }) : null);
    return card;
  }

  function clusterCard(cluster) {
    var head = el("div", { class: "cluster-head" },
      el("h2", { text: "Cluster " + cluster.name }),
      el("span", {}, document.createTextNode("write target: "),
        el("strong", { class: "write-target", "data-cluster": cluster.name,
          text: cluster.write_target || "none" })),
      el("span", { text: "highest timeline " + cluster.highest_timeline }),
      cluster.no_write_reason ? el("span", { class: "warn", text: cluster.no_write_reason }) : null,
      cluster.split_brain ? el("span", { class: "warn", text: "split brain" }) : null);
    var nodes = el("div", { class: "nodes" });
    cluster.nodes.forEach(function (n) { nodes.appendChild(nodeCard(cluster, n)); });
    return el("section", { class: "cluster", "data-cluster": cluster.name }, head, nodes);
  }

  function replace(parent, children) {
    while (parent.firstChild) parent.removeChild(parent.firstChild);
    children.forEach(function (c) { parent.appendChild(c); });
  }

  function render(data) {
    replace(document.getElementById("clusters"), data.clusters.map(clusterCard));
    var pinnedText = String(data.pinned) + (data.draining ? " · draining" : "");
    var handoffs = data.handoffs.map(function (h) {
      return [h.direction === "given" ? "handed over" : "took over",
        h.count + "× · " + h.clients + " clients, " + h.servers + " servers, " + h.drained + " drained"];
    });
    var clients = document.getElementById("clients");
    replace(clients, []);
    figures([
      ["active", String(data.clients.active)],
      ["waiting", String(data.clients.waiting)],
      ["pinned", pinnedText]
    ].concat(handoffs), clients);
    var rows = data.pools.map(function (p) {
      var tr = el("tr");
      [p.node, p.database, p.user, p.mode].forEach(function (v) { tr.appendChild(el("td", { text: v })); });
      [p.active, p.idle, p.waiting, p.connecting].forEach(function (v) {
        tr.appendChild(el("td", { class: "n", text: String(v) }));
      });
      return tr;
    });
    if (rows.length === 0) rows = [el("tr", {}, el("td", { colspan: "8", class: "empty", text: "no pools yet" }))];
    replace(document.querySelector("#pools tbody"), rows);
    var events = data.events.map(function (e) {
      return el("li", { "data-kind": e.kind },
        el("time", { datetime: e.at, text: new Date(e.at).toLocaleTimeString() }),
        document.createTextNode((e.cluster ? e.cluster + " · " : "") + e.text));
    });
    if (events.length === 0) events = [el("li", { class: "empty", text: "nothing yet" })];
    replace(document.getElementById("events"), events);
  }

  function status(text, lost) {
    var s = document.getElementById("status");
    s.textContent = text;
    s.className = lost ? "status lost" : "status";
  }

  function poll() {
    fetch("dashboard.json", { cache: "no-store" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (data) {
        render(data);
        status("live · " + new Date(data.at).toLocaleTimeString(), false);
      })
      .catch(function (e) { status("proxy unreachable (" + e.message + "), retrying", true); })
      .then(function () { setTimeout(poll, POLL_MS); });
  }

  poll();
})();

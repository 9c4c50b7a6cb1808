// View 2: the network around an instrument or a country (the `graph` root field), laid out by
// d3-force before it is drawn, coloured by node kind. Clicking a node centres the network on it.
(function (x) {
  'use strict';

  var gql = x.gql;
  var failIfErrors = x.failIfErrors;
  var label = x.label;
  var begin = x.begin;
  var current = x.current;
  var fresh = x.fresh;
  var done = x.done;
  var fail = x.fail;
  var showQuery = x.showQuery;
  var el = x.el;
  var svg = x.svg;
  var legend = x.legend;
  var option = x.option;

  // ---- 2. network --------------------------------------------------------------------------

  var NETWORK_QUERY = 'query Network($from: ID!, $depth: Int!, $limit: Int!, $kinds: [String!]) {\n' +
    '  graph(from: $from, depth: $depth, limit: $limit, nodeKinds: $kinds) {\n' +
    '    nodes { id kind label attributes }\n' +
    '    edges { id source target kind attributes }\n' +
    '    truncated\n' +
    '  }\n' +
    '}';

  var KINDS = ['Country', 'Instrument', 'Capability', 'Domain', 'IncomeGroup', 'Finding', 'Challenge',
    'Practice', 'CallToAction', 'Network'];

  function drawNetwork() {
    var id = 'network';
    var c = begin(id);
    var isCurrent = current(id);
    var vars = {
      from: document.getElementById('network-from').value,
      depth: +document.getElementById('network-depth').value,
      limit: 150,
    };
    var kinds = Array.prototype.filter.call(document.querySelectorAll('#network-kinds input'), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
    if (kinds.length < KINDS.length) { vars.kinds = kinds; }
    showQuery(id, NETWORK_QUERY, vars);
    return gql(NETWORK_QUERY, vars).then(failIfErrors).then(fresh(isCurrent)).then(function (a) {
      c.textContent = '';
      network(c, a.data.graph);
      done(id);
    }).catch(function (err) { fail(id, err); });
  }

  function network(container, g) {
    var width = 1100, height = 620;
    var colour = d3.scaleOrdinal().domain(KINDS).range(d3.schemeTableau10);
    var nodes = g.nodes.map(function (n) { return Object.assign({}, n); });
    var ids = {};
    nodes.forEach(function (n) { ids[n.id] = true; });
    var links = g.edges.filter(function (e) { return ids[e.source] && ids[e.target]; })
      .map(function (e) { return Object.assign({}, e); });
    var degree = {};
    links.forEach(function (l) { degree[l.source] = (degree[l.source] || 0) + 1; degree[l.target] = (degree[l.target] || 0) + 1; });
    if (nodes.length) { nodes[0].fx = width / 2; nodes[0].fy = height / 2; }
    // The layout is computed before drawing, so the picture is still and the same on every load.
    var sim = d3.forceSimulation(nodes)
      .force('link', d3.forceLink(links).id(function (n) { return n.id; }).distance(90).strength(0.15))
      .force('charge', d3.forceManyBody().strength(-420).distanceMax(400))
      .force('collide', d3.forceCollide(18))
      .force('x', d3.forceX(width / 2).strength(0.06))
      .force('y', d3.forceY(height / 2).strength(0.1))
      .stop();
    for (var i = 0; i < 300; i++) { sim.tick(); }
    nodes.forEach(function (n) {
      n.x = Math.max(12, Math.min(width - 12, n.x));
      n.y = Math.max(12, Math.min(height - 12, n.y));
    });
    var s = svg(container, width, height);
    s.append('g').attr('class', 'links').selectAll('line').data(links).join('line')
      .attr('x1', function (l) { return l.source.x; }).attr('y1', function (l) { return l.source.y; })
      .attr('x2', function (l) { return l.target.x; }).attr('y2', function (l) { return l.target.y; })
      .append('title').text(function (l) {
        return l.source.label + ' —' + l.kind + '→ ' + l.target.label + facts(l.attributes);
      });
    var node = s.append('g').attr('class', 'nodes').selectAll('g').data(nodes).join('g')
      .attr('transform', function (n) { return 'translate(' + n.x + ',' + n.y + ')'; })
      .on('click', function (ev, n) { recentre(n.id); });
    node.append('circle').attr('r', function (n, i) { return i === 0 ? 11 : 4 + Math.min(5, Math.sqrt(degree[n.id] || 0)); })
      .attr('fill', function (n) { return colour(n.kind); });
    node.append('title').text(function (n) {
      return n.kind + ': ' + n.label + facts(n.attributes) + '\n' + n.id + ' (click to centre the network on it)';
    });
    node.filter(function (n, i) { return i === 0 || n.kind === 'Instrument' || n.kind === 'Capability' || n.kind === 'IncomeGroup' || (degree[n.id] || 0) >= 4; })
      .append('text').attr('x', 9).attr('y', 3).text(function (n) { return n.label.length > 40 ? n.label.slice(0, 38) + '…' : n.label; });
    var present = KINDS.filter(function (k) { return nodes.some(function (n) { return n.kind === k; }); });
    nodes.forEach(function (n) { if (present.indexOf(n.kind) < 0) { present.push(n.kind); } });
    legend(container, present.map(function (k) { return { colour: colour(k), text: k }; }).concat([
      { cls: 'plain', text: nodes.length + ' nodes, ' + links.length + ' links' +
        (g.truncated ? ' (cut at the limit: the nearest nodes are shown)' : '') }]));
  }

  // facts writes a node's or link's attributes as lines of a tooltip.
  function facts(attributes) {
    var keys = Object.keys(attributes || {});
    return keys.length ? '\n' + keys.map(function (k) {
      var v = attributes[k];
      return k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : v);
    }).join('\n') : '';
  }

  function fillKinds() {
    var box = document.getElementById('network-kinds');
    if (box.children.length) { return; }
    KINDS.forEach(function (k) {
      var l = el('label');
      var i = el('input');
      i.type = 'checkbox';
      i.value = k;
      i.checked = true;
      i.addEventListener('change', drawNetwork);
      l.appendChild(i);
      l.appendChild(document.createTextNode(k));
      box.appendChild(l);
    });
  }

  function recentre(nodeId) {
    var from = document.getElementById('network-from');
    if (!Array.prototype.some.call(from.options, function (o) { return o.value === nodeId; })) {
      option(from, nodeId, nodeId);
    }
    from.value = nodeId;
    drawNetwork();
  }

  x.drawNetwork = drawNetwork;
  x.fillKinds = fillKinds;
})(window.mnrExplore);

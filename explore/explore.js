// The MNR Graph explorer: four pictures drawn from the public GraphQL API, as any frontend team
// would draw them: plain fetch POSTs to the endpoint, no other way in. Each view shows the query
// it ran and links it to GraphiQL. A key typed into the key field is sent as
// `Authorization: Bearer <key>`; what the key's role may not read comes back FORBIDDEN and the
// page says so instead of drawing it.
//
// Each view's <section> carries data-drawn: "false" while it loads, "true" once drawn, "error"
// when it could not be (the message is shown in its place).
(function () {
  'use strict';

  var body = document.body;
  var endpoint = body.dataset.endpoint;
  var graphiqlURL = body.dataset.graphiql;
  var worldURL = body.dataset.world;

  var apiKey = '';
  // labels[enum][value] is the API's label for an enum value (enumLabels).
  var labels = {};
  var instruments = [];
  var countries = [];

  var STATUS_COLOURS = {
    IN_PLACE: '#1a9850', PARTIAL: '#fee08b', ABSENT: '#d73027',
    NOT_ASSESSED: '#d9d9d9', NOT_APPLICABLE: '#ffffff',
  };
  var STATUSES = ['IN_PLACE', 'PARTIAL', 'ABSENT', 'NOT_ASSESSED', 'NOT_APPLICABLE'];
  var PARTY = { RATIFIED: true, ACCEDED: true, SUCCEEDED: true };
  var SVG_NS = 'http://www.w3.org/2000/svg';

  // ---- the API ---------------------------------------------------------------------------

  function gql(query, variables) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (apiKey) { headers.Authorization = 'Bearer ' + apiKey; }
    return fetch(endpoint, {
      method: 'POST', headers: headers,
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (j) {
        if (!res.ok && !j.data) {
          var msg = j.errors && j.errors.length ? j.errors[0].message : 'HTTP ' + res.status;
          throw new Error(msg);
        }
        return j;
      });
    });
  }

  // refusals lists the errors of an answer whose code is FORBIDDEN.
  function refusals(answer) {
    return (answer.errors || []).filter(function (e) {
      return e.extensions && e.extensions.code === 'FORBIDDEN';
    });
  }

  // failIfErrors throws the first error that is not a refusal: a view draws what it got only
  // when the rest of the answer is whole.
  function failIfErrors(answer) {
    var other = (answer.errors || []).filter(function (e) {
      return !(e.extensions && e.extensions.code === 'FORBIDDEN');
    });
    if (other.length) { throw new Error(other[0].message); }
    return answer;
  }

  function label(enumName, value) {
    if (value === null || value === undefined) { return '—'; }
    var l = labels[enumName] && labels[enumName][value];
    return l || value;
  }

  // ---- the page's frame: each view's query, its GraphiQL link, its state ------------------

  function section(id) { return document.getElementById(id); }

  function chart(id) { return section(id).querySelector(':scope > .chart'); }

  // latest[id] numbers a view's latest drawing; an answer to an earlier one (the user changed a
  // control or the key meanwhile) is dropped, so a slow answer never overwrites a newer picture.
  var latest = {};

  function begin(id) {
    latest[id] = (latest[id] || 0) + 1;
    var s = section(id);
    s.dataset.drawn = 'false';
    var c = chart(id);
    c.textContent = 'Loading…';
    return c;
  }

  // current returns a check that says whether the drawing of id begun last is still the latest.
  function current(id) {
    var n = latest[id];
    return function () { return latest[id] === n; };
  }

  // Stale is thrown to abandon the drawing of an answer that a newer drawing superseded.
  function Stale() {}

  function fresh(isCurrent) {
    return function (answer) {
      if (!isCurrent()) { throw new Stale(); }
      return answer;
    };
  }

  function done(id) { section(id).dataset.drawn = 'true'; }

  function fail(id, err) {
    if (err instanceof Stale) { return; }
    var c = chart(id);
    c.textContent = '';
    var p = el('p', 'error', 'Could not draw this view: ' + err.message);
    c.appendChild(p);
    section(id).dataset.drawn = 'error';
  }

  // showQuery writes the query and variables a view ran, and a link that opens them in GraphiQL.
  function showQuery(id, query, variables) {
    var d = section(id).querySelector(':scope > details.query');
    d.textContent = '';
    d.appendChild(el('summary', null, 'GraphQL query behind this view'));
    d.appendChild(el('pre', null, query));
    var vars = variables && Object.keys(variables).length ? JSON.stringify(variables, null, 2) : '';
    if (vars) {
      d.appendChild(el('p', null, 'Variables:'));
      d.appendChild(el('pre', null, vars));
    }
    var params = new URLSearchParams();
    params.set('query', query);
    if (vars) { params.set('variables', vars); }
    var a = el('a', 'graphiql-link', 'Open in GraphiQL');
    a.href = graphiqlURL + '?' + params.toString();
    a.target = '_blank';
    a.rel = 'noopener';
    d.appendChild(a);
    if (apiKey) {
      d.appendChild(el('span', 'note', ' (GraphiQL does not get your key: put {"Authorization": "Bearer …"} in its Headers pane)'));
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function svg(container, width, height) {
    return d3.select(container).append('svg')
      .attr('viewBox', '0 0 ' + width + ' ' + height)
      .attr('width', width).attr('height', height);
  }

  // hatch defines the pattern hidden cells are filled with.
  function hatch(s, id) {
    var p = s.append('defs').append('pattern').attr('id', id)
      .attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6)
      .attr('patternTransform', 'rotate(45)');
    p.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#f4f4f4');
    p.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6)
      .attr('stroke', '#999').attr('stroke-width', 2);
    return 'url(#' + id + ')';
  }

  function legend(container, items) {
    var ul = el('ul', 'legend');
    items.forEach(function (it) {
      var li = el('li');
      var sw = el('span', 'swatch' + (it.cls ? ' ' + it.cls : ''));
      if (it.colour) { sw.style.background = it.colour; }
      li.appendChild(sw);
      li.appendChild(document.createTextNode(it.text));
      ul.appendChild(li);
    });
    container.appendChild(ul);
  }

  // ---- start: features, labels, role, the lists the controls need ------------------------

  var LABELS_QUERY = 'query EnumLabels($enums: [String!]) {\n' +
    '  enumLabels(enums: $enums) { enum value label description }\n' +
    '}';

  var START_QUERY = 'query ExplorerStart {\n' +
    '  meta { role dataVersion illustrative publication { number asOf threshold } }\n' +
    '  instruments { key shortName kind }\n' +
    '  countries(first: 100) { nodes { iso3 name } }\n' +
    '}';

  // loadLabels reads the labels the page shows for enum values; without them (the API did not
  // answer) it shows the values themselves.
  function loadLabels() {
    var enums = ['IncomeGroup', 'Region', 'Population', 'CapabilityStatus', 'PartyStatus', 'Facet'];
    return gql(LABELS_QUERY, { enums: enums }).then(failIfErrors).then(function (l) {
      l.data.enumLabels.forEach(function (e) {
        (labels[e.enum] = labels[e.enum] || {})[e.value] = e.label;
      });
    });
  }

  function loadStart() {
    return gql(START_QUERY).then(failIfErrors).then(function (a) {
      var m = a.data.meta;
      document.getElementById('role').textContent = 'Role: ' + m.role;
      body.dataset.role = m.role;
      var about = 'Data release ' + m.dataVersion + '. ';
      if (m.illustrative) {
        about += 'Illustrative (synthetic) assessments are loaded: coverage counts and statuses are no country\'s real results. ';
      }
      about += m.role === 'PUBLIC'
        ? (m.publication ? 'PUBLIC coverage comes from publication ' + m.publication.number + ' (as of ' + m.publication.asOf + ', small-cell threshold ' + m.publication.threshold + ').' : 'Nothing is published yet.')
        : 'As ' + m.role + ' you read live data.';
      document.getElementById('about').textContent = about;
      instruments = a.data.instruments;
      countries = a.data.countries.nodes;
      fillControls();
    });
  }

  function option(select, value, text, selected) {
    var o = el('option', null, text);
    o.value = value;
    if (selected) { o.selected = true; }
    select.appendChild(o);
  }

  // joinable are the instruments states become party to: the ones with participation records.
  function joinable() {
    return instruments.filter(function (i) { return i.kind === 'TREATY' || i.kind === 'OPTIONAL_PROTOCOL'; });
  }

  function fillControls() {
    fillKinds();
    Array.prototype.forEach.call(document.getElementById('coverage-facet').options, function (o) {
      if (o.value && labels.Facet && labels.Facet[o.value]) { o.textContent = labels.Facet[o.value]; }
    });
    var from = document.getElementById('network-from');
    if (!from.options.length) {
      var gi = el('optgroup'); gi.label = 'Instruments';
      instruments.forEach(function (i) { option(gi, 'Instrument:' + i.key, i.shortName, i.key === 'lanzarote'); });
      var gc = el('optgroup'); gc.label = 'Countries';
      countries.forEach(function (c) { option(gc, 'Country:' + c.iso3, c.name); });
      from.appendChild(gi); from.appendChild(gc);
    }
    var colour = document.getElementById('map-colour');
    if (colour.options.length === 1) {
      joinable().forEach(function (i) { option(colour, 'party:' + i.key, 'Party to ' + i.shortName); });
    }
    var tl = document.getElementById('timeline-instrument');
    if (!tl.options.length) {
      joinable().forEach(function (i) { option(tl, i.key, i.shortName, i.key === 'budapest'); });
    }
  }

  // ---- 1. coverage heat map ----------------------------------------------------------------

  var COUNTS = ['inPlace', 'partial', 'absent', 'notAssessed', 'notApplicable'];

  function coverageQuery(by) {
    return 'query Coverage' + (by ? '($by: Facet!)' : '') + ' {\n' +
      '  coverage' + (by ? '(by: $by)' : '') + ' {\n' +
      '    capability { number key name }\n' +
      '    facet value total suppressed\n' +
      '    inPlace partial absent notAssessed notApplicable\n' +
      '    inPlaceRange { min max } partialRange { min max } absentRange { min max }\n' +
      '    notAssessedRange { min max } notApplicableRange { min max }\n' +
      '    publication { number asOf }\n' +
      '  }\n' +
      '}';
  }

  function facetEnum(facet) {
    return { INCOME_GROUP: 'IncomeGroup', REGION: 'Region', POPULATION: 'Population' }[facet];
  }

  function drawCoverage() {
    var id = 'coverage';
    var c = begin(id);
    var isCurrent = current(id);
    var by = document.getElementById('coverage-facet').value || null;
    var q = coverageQuery(by);
    var vars = by ? { by: by } : {};
    showQuery(id, q, vars);
    return gql(q, vars).then(failIfErrors).then(fresh(isCurrent)).then(function (a) {
      c.textContent = '';
      heatMap(c, a.data.coverage, by);
      done(id);
    }).catch(function (err) { fail(id, err); });
  }

  function heatMap(container, cells, by) {
    var caps = [], capSeen = {}, cols = [], colSeen = {};
    cells.forEach(function (cell) {
      if (!capSeen[cell.capability.key]) { capSeen[cell.capability.key] = true; caps.push(cell.capability); }
      var v = cell.value === null ? '' : cell.value;
      if (!colSeen[v]) { colSeen[v] = { value: v, total: cell.total }; cols.push(colSeen[v]); }
    });
    var left = 390, top = 56, cw = 140, ch = 22;
    var width = left + cols.length * cw + 10, height = top + caps.length * ch + 10;
    var s = svg(container, width, height);
    var hidden = hatch(s, 'coverage-hidden');
    var colour = d3.scaleSequential(d3.interpolateYlGnBu).domain([0, 1]);
    var colX = {}, rowY = {};
    cols.forEach(function (col, i) {
      colX[col.value] = left + i * cw;
      var t = s.append('text').attr('class', 'col-head').attr('x', left + i * cw + cw / 2).attr('y', top - 24)
        .attr('text-anchor', 'middle');
      t.append('tspan').text(col.value ? label(facetEnum(by), col.value) : 'All countries');
      t.append('tspan').attr('x', left + i * cw + cw / 2).attr('dy', 14).attr('class', 'muted').text('n = ' + col.total);
    });
    caps.forEach(function (cap, i) {
      rowY[cap.key] = top + i * ch;
      s.append('text').attr('class', 'row-head').attr('x', left - 8).attr('y', top + i * ch + ch / 2 + 4)
        .attr('text-anchor', 'end').text(cap.number + '. ' + cap.name);
    });
    cells.forEach(function (cell) {
      var x = colX[cell.value === null ? '' : cell.value], y = rowY[cell.capability.key];
      var g = s.append('g').attr('class', 'cell' + (cell.suppressed ? ' suppressed' : ''));
      var shown = cell.inPlace !== null && cell.total > 0;
      var share = shown ? cell.inPlace / cell.total : null;
      g.append('rect').attr('x', x + 1).attr('y', y + 1).attr('width', cw - 2).attr('height', ch - 2)
        .attr('fill', shown ? colour(share) : hidden)
        .attr('stroke', cell.suppressed ? '#666' : 'none')
        .attr('stroke-dasharray', cell.suppressed ? '3,2' : null);
      var text = shown ? Math.round(share * 100) + '%'
        : 'hidden: ' + cell.inPlaceRange.min + '–' + cell.inPlaceRange.max + ' of ' + cell.total;
      g.append('text').attr('x', x + cw / 2).attr('y', y + ch / 2 + 4).attr('text-anchor', 'middle')
        .attr('class', shown && share > 0.6 ? 'on-dark' : '').text(text);
      g.append('title').text(cellTooltip(cell, by));
    });
    legend(container, [
      { colour: colour(0), text: '0% in place' }, { colour: colour(0.5), text: '50%' },
      { colour: colour(1), text: '100%' },
      { cls: 'hatched', text: 'IN_PLACE count hidden (suppressed): the label is the range the published numbers allow' },
      { cls: 'dashed', text: 'a cell with some count hidden' },
    ]);
  }

  function cellTooltip(cell, by) {
    var lines = [cell.capability.number + '. ' + cell.capability.name,
      (cell.value ? label(facetEnum(by), cell.value) : 'All countries') + ': ' + cell.total + ' countries'];
    COUNTS.forEach(function (k, i) {
      var r = cell[k + 'Range'];
      lines.push(label('CapabilityStatus', STATUSES[i]) + ': ' +
        (cell[k] === null ? 'hidden (' + r.min + '–' + r.max + ')' : cell[k]));
    });
    lines.push(cell.publication ? 'Publication ' + cell.publication.number + ', as of ' + cell.publication.asOf : 'Live data');
    return lines.join('\n');
  }

  // ---- 1b. per-country status grid (ANALYST) ----------------------------------------------

  var GRID_QUERY = 'query StatusGrid {\n' +
    '  capabilities { number key name }\n' +
    '  countries(first: 100, orderBy: [{field: INCOME_GROUP, direction: DESC}, {field: NAME}]) {\n' +
    '    nodes {\n' +
    '      iso3 name incomeGroup\n' +
    '      assessments { capability { key } status asOf provenance }\n' +
    '    }\n' +
    '  }\n' +
    '}';

  function drawStatusGrid() {
    var box = document.getElementById('status-grid');
    var c = box.querySelector('.chart');
    latest['status-grid'] = (latest['status-grid'] || 0) + 1;
    var isCurrent = current('status-grid');
    box.dataset.drawn = 'false';
    c.textContent = 'Loading…';
    return gql(GRID_QUERY).then(failIfErrors).then(fresh(isCurrent)).then(function (a) {
      c.textContent = '';
      var refused = refusals(a);
      if (refused.length) {
        c.appendChild(el('p', 'refused', 'Refused for your role (' + refused.length + ' × FORBIDDEN: "' +
          refused[0].message + '"). Paste an ANALYST key above to see each country\'s status.'));
        box.dataset.drawn = 'forbidden';
        return;
      }
      statusGrid(c, a.data.capabilities, a.data.countries.nodes);
      var pre = el('details', 'query');
      pre.appendChild(el('summary', null, 'GraphQL query behind the grid'));
      pre.appendChild(el('pre', null, GRID_QUERY));
      c.appendChild(pre);
      box.dataset.drawn = 'true';
    }).catch(function (err) {
      if (err instanceof Stale) { return; }
      c.textContent = 'Could not draw the grid: ' + err.message;
      box.dataset.drawn = 'error';
    });
  }

  function statusGrid(container, caps, nodes) {
    var left = 330, top = 36, cw = 26, ch = 16;
    var s = svg(container, left + caps.length * cw + 10, top + nodes.length * ch + 10);
    caps.forEach(function (cap, i) {
      s.append('text').attr('class', 'col-head').attr('x', left + i * cw + cw / 2).attr('y', top - 8)
        .attr('text-anchor', 'middle').text(cap.number).append('title').text(cap.number + '. ' + cap.name);
    });
    nodes.forEach(function (n, j) {
      var y = top + j * ch;
      s.append('text').attr('class', 'row-head').attr('x', left - 8).attr('y', y + ch / 2 + 4).attr('text-anchor', 'end')
        .text(n.name + ' · ' + label('IncomeGroup', n.incomeGroup));
      var byCap = {};
      (n.assessments || []).forEach(function (as) { byCap[as.capability.key] = as; });
      caps.forEach(function (cap, i) {
        var as = byCap[cap.key];
        var st = as ? as.status : 'NOT_ASSESSED';
        s.append('rect').attr('x', left + i * cw + 1).attr('y', y + 1).attr('width', cw - 2).attr('height', ch - 2)
          .attr('fill', STATUS_COLOURS[st]).attr('stroke', '#bbb')
          .append('title').text(n.name + ' — ' + cap.number + '. ' + cap.name + ': ' + label('CapabilityStatus', st) +
            (as ? ' (as of ' + (as.asOf || 'no date') + ', ' + as.provenance + ')' : ' (no assessment)'));
      });
    });
    legend(container, STATUSES.map(function (st) { return { colour: STATUS_COLOURS[st], text: label('CapabilityStatus', st) }; }));
  }

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

  // ---- 3. world map ------------------------------------------------------------------------

  // isoNumeric is the key world-atlas gives its features ("404" for Kenya); scope says what part
  // of a country the report reviewed (England and Wales for GBR), which the map must say where
  // it colours the whole country.
  var MAP_QUERY = 'query WorldMap {\n' +
    '  countries(first: 100) {\n' +
    '    nodes {\n' +
    '      iso3 isoNumeric name scope incomeGroup\n' +
    '      instruments { instrument { key } status }\n' +
    '    }\n' +
    '  }\n' +
    '}';

  var world;
  function loadWorld() {
    if (!world) {
      world = fetch(worldURL).then(function (res) {
        if (!res.ok) { throw new Error('world map: HTTP ' + res.status); }
        return res.json();
      });
    }
    return world;
  }

  var INCOME_COLOURS = { HIGH: '#08519c', UPPER_MIDDLE: '#3182bd', LOWER_MIDDLE: '#6baed6', LOW: '#bdd7e7' };
  var PARTY_COLOURS = { party: '#1a9850', notParty: '#f46d43', unknown: '#b3a2c7' };
  var NOT_IN_REPORT = '#fbfbf8';

  function participation(country, key) {
    var rec = (country.instruments || []).filter(function (p) { return p.instrument.key === key; })[0];
    if (!rec || rec.status === 'UNKNOWN') { return { cls: 'unknown', status: rec ? rec.status : 'no record' }; }
    return { cls: PARTY[rec.status] ? 'party' : 'notParty', status: rec.status };
  }

  function drawMap() {
    var id = 'worldmap';
    var c = begin(id);
    var isCurrent = current(id);
    var q = MAP_QUERY;
    showQuery(id, q, {});
    return Promise.all([gql(q).then(failIfErrors), loadWorld()]).then(fresh(isCurrent)).then(function (r) {
      c.textContent = '';
      worldMap(c, r[0].data.countries.nodes, r[1], document.getElementById('map-colour').value);
      done(id);
    }).catch(function (err) { fail(id, err); });
  }

  function worldMap(container, nodes, topo, mode) {
    var width = 960, height = 500;
    var land = topojson.feature(topo, topo.objects.countries);
    var byNumeric = {};
    nodes.forEach(function (n) {
      if (n.isoNumeric) { byNumeric[n.isoNumeric] = n; }
    });
    var instrumentKey = mode.indexOf('party:') === 0 ? mode.slice(6) : null;
    function colourOf(n) {
      if (!n) { return NOT_IN_REPORT; }
      if (instrumentKey) { return PARTY_COLOURS[participation(n, instrumentKey).cls]; }
      return n.incomeGroup ? INCOME_COLOURS[n.incomeGroup] : NOT_IN_REPORT;
    }
    function describe(n) {
      var what = instrumentKey ? label('PartyStatus', participation(n, instrumentKey).status)
        : label('IncomeGroup', n.incomeGroup) + ' (FY2022)';
      return n.name + ' (' + n.iso3 + '): ' + what + (n.scope ? '\n' + n.scope : '');
    }
    var projection = d3.geoNaturalEarth1().fitSize([width, height], land);
    var path = d3.geoPath(projection);
    var s = svg(container, width, height);
    s.append('path').attr('class', 'sphere').attr('d', path({ type: 'Sphere' }));
    var drawn = {};
    s.append('g').selectAll('path').data(land.features).join('path')
      .attr('class', function (f) {
        var n = byNumeric[f.id];
        return 'country' + (n && instrumentKey ? ' ' + participation(n, instrumentKey).cls : '');
      })
      .attr('d', path)
      .attr('fill', function (f) { var n = byNumeric[f.id]; if (n) { drawn[n.iso3] = true; } return colourOf(n); })
      .append('title').text(function (f) {
        var n = byNumeric[f.id];
        return n ? describe(n) : f.properties.name + ': not one of the report\'s 42 countries';
      });
    var items = instrumentKey
      ? [{ colour: PARTY_COLOURS.party, text: 'party (ratified, acceded, succeeded)' },
        { colour: PARTY_COLOURS.notParty, text: 'not party (verified), or signed only' },
        { colour: PARTY_COLOURS.unknown, text: 'unknown (no source settles it)' }]
      : ['HIGH', 'UPPER_MIDDLE', 'LOWER_MIDDLE', 'LOW'].map(function (g) { return { colour: INCOME_COLOURS[g], text: label('IncomeGroup', g) }; });
    items.push({ colour: NOT_IN_REPORT, text: 'not in the report' });
    legend(container, items);
    var missing = nodes.filter(function (n) { return !drawn[n.iso3]; });
    if (missing.length) {
      var p = el('p', 'note', 'Not drawn on this map (too small at its scale, or no numeric code): ');
      missing.forEach(function (n, i) {
        var sw = el('span', 'swatch');
        sw.style.background = colourOf(n);
        p.appendChild(sw);
        p.appendChild(document.createTextNode(describe(n).split('\n')[0] + (i < missing.length - 1 ? '; ' : '.')));
      });
      container.appendChild(p);
    }
    nodes.forEach(function (n) {
      if (n.scope) { container.appendChild(el('p', 'note', n.name + ' (' + n.iso3 + '): ' + n.scope)); }
    });
  }

  // ---- 4. ratification timeline ------------------------------------------------------------

  var TIMELINE_QUERY = 'query Ratification($key: ID!) {\n' +
    '  instrument(key: $key) {\n' +
    '    key shortName name opened inForce adoptedYear\n' +
    '    parties(status: [RATIFIED, ACCEDED, SUCCEEDED, SIGNED, NOT_PARTY, UNKNOWN]) {\n' +
    '      country { iso3 name }\n' +
    '      status signed consented consentedBy reason\n' +
    '    }\n' +
    '    timeline(every: YEAR) { date party notParty unknown total }\n' +
    '  }\n' +
    '}';

  function drawTimeline() {
    var id = 'timeline';
    var c = begin(id);
    var isCurrent = current(id);
    var vars = { key: document.getElementById('timeline-instrument').value };
    showQuery(id, TIMELINE_QUERY, vars);
    return gql(TIMELINE_QUERY, vars).then(failIfErrors).then(fresh(isCurrent)).then(function (a) {
      c.textContent = '';
      timeline(c, a.data.instrument);
      done(id);
    }).catch(function (err) { fail(id, err); });
  }

  function timeline(container, inst) {
    var parse = d3.utcParse('%Y-%m-%d');
    var parties = inst.parties.filter(function (p) { return PARTY[p.status]; });
    var dated = parties.filter(function (p) { return p.consented; });
    var bounded = parties.filter(function (p) { return !p.consented && p.consentedBy; });
    var undated = parties.filter(function (p) { return !p.consented && !p.consentedBy; });
    var others = inst.parties.filter(function (p) { return !PARTY[p.status]; });
    var rows = dated.map(function (p) { return { p: p, date: parse(p.consented), exact: true }; })
      .concat(bounded.map(function (p) { return { p: p, date: parse(p.consentedBy), exact: false }; }))
      .sort(function (a, b) { return a.date - b.date || a.p.country.name.localeCompare(b.p.country.name); });

    var dates = inst.timeline.map(function (t) { return parse(t.date); }).concat(rows.map(function (r) { return r.date; }));
    var x = d3.scaleUtc().domain(d3.extent(dates)).nice();
    var left = 230, right = 20, width = 1000, areaH = 150, rowH = 14;
    var top = 20, stripTop = top + areaH + 40;
    var height = stripTop + rows.length * rowH + 30;
    x.range([left, width - right]);
    var s = svg(container, width, height);
    s.append('text').attr('class', 'title').attr('x', left).attr('y', 12)
      .text(inst.shortName + ': countries of the report that are party, unknown and not party, year by year');

    // The counts behind the chart, stacked; "unknown" is drawn apart, never folded into either side.
    var keys = ['party', 'unknown', 'notParty'];
    var stack = d3.stack().keys(keys)(inst.timeline);
    var total = d3.max(inst.timeline, function (t) { return t.total; }) || 1;
    var y = d3.scaleLinear().domain([0, total]).range([top + areaH, top]);
    var fills = { party: PARTY_COLOURS.party, unknown: PARTY_COLOURS.unknown, notParty: PARTY_COLOURS.notParty };
    var area = d3.area().curve(d3.curveStepAfter)
      .x(function (d) { return x(parse(d.data.date)); }).y0(function (d) { return y(d[0]); }).y1(function (d) { return y(d[1]); });
    s.append('g').selectAll('path').data(stack).join('path')
      .attr('fill', function (d) { return fills[d.key]; }).attr('d', area)
      .append('title').text(function (d) { return d.key; });
    s.append('g').attr('transform', 'translate(0,' + (top + areaH) + ')').call(d3.axisBottom(x).ticks(10));
    s.append('g').attr('transform', 'translate(' + left + ',0)').call(d3.axisLeft(y).ticks(5));

    // One row per party: a dot on the day of consent, or, when only a bound is known, a dashed
    // line up to that bound ending in an open mark ("on or before"). No date is drawn that the
    // record does not give.
    var g = s.append('g');
    rows.forEach(function (r, i) {
      var yy = stripTop + i * rowH;
      g.append('text').attr('class', 'row-head').attr('x', left - 8).attr('y', yy + 4).attr('text-anchor', 'end')
        .text(r.p.country.name);
      var tip = r.p.country.name + ': ' + label('PartyStatus', r.p.status) + (r.exact
        ? ' on ' + r.p.consented : ' on or before ' + r.p.consentedBy + ' (the day is not sourced)') +
        (r.p.signed ? '; signed ' + r.p.signed : '');
      if (r.exact) {
        g.append('circle').attr('cx', x(r.date)).attr('cy', yy).attr('r', 4).attr('class', 'consent')
          .append('title').text(tip);
      } else {
        g.append('line').attr('class', 'bound').attr('x1', left).attr('x2', x(r.date)).attr('y1', yy).attr('y2', yy)
          .append('title').text(tip);
        g.append('circle').attr('cx', x(r.date)).attr('cy', yy).attr('r', 4).attr('class', 'consent-bound')
          .append('title').text(tip);
      }
    });
    s.append('g').attr('transform', 'translate(0,' + (stripTop + rows.length * rowH) + ')').call(d3.axisBottom(x).ticks(10));

    legend(container, [
      { colour: PARTY_COLOURS.party, text: 'party' }, { colour: PARTY_COLOURS.unknown, text: 'unknown on the date' },
      { colour: PARTY_COLOURS.notParty, text: 'not party' },
      { cls: 'dot', text: 'day of consent' }, { cls: 'open-dot', text: 'party on or before this day (day unsourced)' },
    ]);
    var lists = el('div', 'lists');
    function list(title, ps, withReason) {
      if (!ps.length) { return; }
      var d = el('div');
      d.appendChild(el('h4', null, title + ' (' + ps.length + ')'));
      var ul = el('ul');
      ps.forEach(function (p) {
        var li = el('li', null, p.country.name + (p.status !== 'UNKNOWN' && !PARTY[p.status] ? ' — ' + label('PartyStatus', p.status) : '') +
          (p.signed ? ', signed ' + p.signed : ''));
        if (withReason && p.reason) { li.title = p.reason; }
        ul.appendChild(li);
      });
      d.appendChild(ul);
      lists.appendChild(d);
    }
    list('Party, date of consent not verified (not drawn above)', undated, true);
    list('Unknown (hover for the reason)', others.filter(function (p) { return p.status === 'UNKNOWN'; }), true);
    list('Not party (hover for how it is known)', others.filter(function (p) { return p.status !== 'UNKNOWN'; }), true);
    container.appendChild(lists);
  }

  // ---- wiring ------------------------------------------------------------------------------

  function drawAll() {
    return Promise.all([drawCoverage(), drawStatusGrid(), drawNetwork(), drawMap(), drawTimeline()]);
  }

  function start() {
    ['coverage', 'network', 'worldmap', 'timeline'].forEach(begin);
    document.getElementById('status-grid').dataset.drawn = 'false';
    return loadStart().then(drawAll).catch(function (err) {
      document.getElementById('about').textContent = 'The API did not answer: ' + err.message;
      ['coverage', 'network', 'worldmap', 'timeline'].forEach(function (id) { fail(id, err); });
    });
  }

  document.getElementById('coverage-facet').addEventListener('change', drawCoverage);
  document.getElementById('network-from').addEventListener('change', drawNetwork);
  document.getElementById('network-depth').addEventListener('change', drawNetwork);
  document.getElementById('map-colour').addEventListener('change', drawMap);
  document.getElementById('timeline-instrument').addEventListener('change', drawTimeline);
  document.getElementById('key-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    apiKey = document.getElementById('key').value.trim();
    start();
  });

  loadLabels().catch(function () { /* the page shows the enum values themselves */ }).then(start);
})();

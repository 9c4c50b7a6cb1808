// View 3: the world map (world-atlas's countries-110m, keyed by Country.isoNumeric), coloured by
// income group or by participation in a treaty: party, not party, or unknown.
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
  var PARTY = x.PARTY;
  var PARTY_COLOURS = x.PARTY_COLOURS;
  var worldURL = x.worldURL;

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

  x.drawMap = drawMap;
})(window.mnrExplore);

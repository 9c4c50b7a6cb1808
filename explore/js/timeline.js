// View 4: an instrument's ratification timeline: the counts of party, unknown and not party year
// by year (Instrument.timeline), and one row per party on its day of consent. A consent known only
// by a bound is drawn as "on or before"; a party with no date is listed apart; no date is invented.
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

  x.drawTimeline = drawTimeline;
})(window.mnrExplore);

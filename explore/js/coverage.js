// View 1: the coverage heat map (capabilities × the groups of a facet, coloured by the share
// IN_PLACE; a count hidden from PUBLIC drawn as hidden, labelled with the range the published
// numbers allow), and the per-country status grid below it, which only ANALYST and above may read.
(function (x) {
  'use strict';

  var gql = x.gql;
  var refusals = x.refusals;
  var failIfErrors = x.failIfErrors;
  var label = x.label;
  var begin = x.begin;
  var current = x.current;
  var next = x.next;
  var fresh = x.fresh;
  var Stale = x.Stale;
  var done = x.done;
  var fail = x.fail;
  var showQuery = x.showQuery;
  var el = x.el;
  var svg = x.svg;
  var hatch = x.hatch;
  var legend = x.legend;
  var STATUS_COLOURS = x.STATUS_COLOURS;
  var STATUSES = x.STATUSES;

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
    '      grid { capability { key } status assessment { asOf provenance } }\n' +
    '    }\n' +
    '  }\n' +
    '}';

  function drawStatusGrid() {
    var box = document.getElementById('status-grid');
    var c = box.querySelector('.chart');
    var isCurrent = next('status-grid');
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
      // Country.grid has one cell per capability, NOT_ASSESSED where nothing is recorded.
      var byCap = {};
      (n.grid || []).forEach(function (cell) { byCap[cell.capability.key] = cell; });
      caps.forEach(function (cap, i) {
        var cell = byCap[cap.key];
        var st = cell ? cell.status : 'NOT_ASSESSED';
        var as = cell && cell.assessment;
        s.append('rect').attr('x', left + i * cw + 1).attr('y', y + 1).attr('width', cw - 2).attr('height', ch - 2)
          .attr('fill', STATUS_COLOURS[st]).attr('stroke', '#bbb')
          .append('title').text(n.name + ' — ' + cap.number + '. ' + cap.name + ': ' + label('CapabilityStatus', st) +
            (as ? ' (as of ' + (as.asOf || 'no date') + ', ' + as.provenance + ')' : ' (no assessment)'));
      });
    });
    legend(container, STATUSES.map(function (st) { return { colour: STATUS_COLOURS[st], text: label('CapabilityStatus', st) }; }));
  }

  x.drawCoverage = drawCoverage;
  x.drawStatusGrid = drawStatusGrid;
})(window.mnrExplore);

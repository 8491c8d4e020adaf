/* global window, setTimeout */
/**
 * A stand-in for office.js in Chromium: Office says the host is Excel, and Excel.run drives a
 * small recording workbook, so the task pane's Excel actions run end to end in a real browser.
 * The browser tests serve this file in place of office-js/office.js (page.route) and read the
 * workbook back from window.__workbook: each sheet's cells by A1 address ({ value } or
 * { formula }), number formats, tables, and how many times the pane synced.
 *
 * window.__syncDelayMs slows each context.sync(), so a test can press Cancel mid-insert.
 */
(function () {
  const book = { sheets: [], tables: [], syncs: 0, calculated: [] };
  window.__workbook = book;
  window.__syncDelayMs = 0;

  function columnIndex(letters) {
    let n = 0;
    for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }
  function columnLetter(index) {
    let n = index + 1;
    let s = '';
    while (n > 0) {
      const r = (n - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }
  /** "B7" or "A6:K9" → first/last column (0-based) and row (1-based). */
  function parse(address) {
    const [a, b = a] = address.split(':');
    const cell = (x) => {
      const m = /^([A-Z]+)(\d+)$/.exec(x);
      if (!m) throw new Error(`the mock workbook cannot read the address ${address}`);
      return { col: columnIndex(m[1]), row: Number(m[2]) };
    };
    const from = cell(a);
    const to = cell(b);
    return { from, to };
  }
  function eachCell(address, grid, write) {
    const { from, to } = parse(address);
    const rows = to.row - from.row + 1;
    const cols = to.col - from.col + 1;
    if (grid.length !== rows || grid.some((r) => r.length !== cols))
      throw new Error(`${address} is ${rows}×${cols}, but the array written is not`);
    grid.forEach((line, i) =>
      line.forEach((v, j) => write(`${columnLetter(from.col + j)}${from.row + i}`, v)),
    );
  }

  function newSheet(name) {
    const sheet = { name, cells: {}, formats: {}, tables: [], active: false, bold: [] };
    const api = {
      name,
      getRange(address) {
        const range = {
          address: `${name}!${address}`,
          format: {
            font: {
              set bold(v) {
                if (v) sheet.bold.push(address);
              },
            },
            autofitColumns() {},
          },
          load() {},
        };
        Object.defineProperty(range, 'values', {
          set(grid) {
            eachCell(address, grid, (a, v) => (sheet.cells[a] = { value: v }));
          },
        });
        Object.defineProperty(range, 'formulas', {
          set(grid) {
            eachCell(address, grid, (a, v) => {
              sheet.cells[a] =
                typeof v === 'string' && v.startsWith('=') ? { formula: v } : { value: v };
            });
          },
        });
        Object.defineProperty(range, 'numberFormat', {
          set(grid) {
            eachCell(address, grid, (a, v) => (sheet.formats[a] = v));
          },
        });
        return range;
      },
      tables: {
        add(address, hasHeaders) {
          const table = { address, hasHeaders, name: '', sheet: name };
          sheet.tables.push(table);
          book.tables.push(table);
          return table;
        },
      },
      activate() {
        book.sheets.forEach((s) => (s.active = false));
        sheet.active = true;
      },
      delete() {
        book.sheets.splice(book.sheets.indexOf(sheet), 1);
        book.tables = book.tables.filter((t) => t.sheet !== name);
      },
    };
    sheet.api = api;
    return sheet;
  }
  book.sheets.push(newSheet('Sheet1'));
  book.sheets[0].active = true;

  const workbook = {
    worksheets: {
      items: [],
      load() {
        this.items = book.sheets.map((s) => ({ name: s.name }));
      },
      add(name) {
        const sheet = newSheet(name);
        book.sheets.push(sheet);
        return sheet.api;
      },
    },
    tables: {
      items: [],
      load() {
        this.items = book.tables.map((t) => ({ name: t.name }));
      },
    },
    getActiveCell() {
      const sheet = book.sheets.find((s) => s.active);
      return sheet.api.getRange('A1');
    },
    application: {
      calculate(type) {
        book.calculated.push(type);
      },
    },
  };
  const context = {
    workbook,
    async sync() {
      book.syncs += 1;
      if (window.__syncDelayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, window.__syncDelayMs));
    },
  };

  window.Excel = { run: async (batch) => batch(context) };
  const settings = {};
  window.Office = {
    HostType: { Excel: 'Excel' },
    onReady: () => Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }),
    context: {
      requirements: { isSetSupported: () => true },
      document: {
        settings: {
          get: (key) => settings[key],
          set: (key, value) => (settings[key] = value),
          saveAsync: (callback) => callback && callback({ status: 'succeeded' }),
        },
      },
    },
  };
})();

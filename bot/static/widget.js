/*!
 * Trợ lý số phường — embeddable chat widget.
 * Plain ES2019, no dependencies, no external resources.
 *
 * Embed:
 *   <link rel="stylesheet" href="/static/widget.css">
 *   <script src="/static/widget.js" defer data-gateway="https://gateway.example"></script>
 * data-gateway is optional (default: same origin); the socket is <gateway>/ws/chat.
 * Any element with the attribute data-tlsp-open opens the chat when clicked.
 *
 * SECURITY: chat text is untrusted. Message content is only ever put into the page
 * with textContent / createTextNode / createElement — never as HTML.
 */
(() => {
  'use strict';

  if (window.tlspWidget) return; // loaded twice: keep the first instance

  // ---------------------------------------------------------------- config
  const SCRIPT = document.currentScript ||
    document.querySelector('script[src*="widget.js"]');

  const KEYS = {
    token: 'tlsp.token',   // the gateway's signed proof of who this resident is
    sender: 'tlsp.sender', // whose conversation the cached messages are
    outbox: 'tlsp.outbox',
    messages: 'tlsp.messages',
    open: 'tlsp.open',
    bigtext: 'tlsp.bigtext',
  };
  const MAX_CACHE = 200;        // messages kept in localStorage
  const MAX_OUTBOX = 50;        // unsent messages kept in localStorage
  const MAX_TEXT = 2000;        // characters per resident message
  const PING_MS = 25000;        // keep-alive ping interval
  const STALE_MS = 65000;       // nothing heard for this long: the socket is dead
  const BACKOFF_MAX = 15000;    // reconnect delay cap
  const TYPING_MAX_MS = 30000;  // typing indicator hides itself after this
  const STATUS_DELAY_MS = 1500; // first connection: show the status line only if it is slow
  const SHORT_PX = 480;         // visible height under which the header collapses (keyboard up)

  const T = {
    launcher: 'Hỏi trợ lý',
    launcherOpenLabel: 'Hỏi trợ lý — mở khung trò chuyện với Trợ lý số phường',
    launcherCloseLabel: 'Đóng khung trò chuyện',
    title: 'Trợ lý số phường',
    subtitle: 'Hướng dẫn dịch vụ công',
    close: 'Đóng khung trò chuyện',
    bigOn: 'A+ phóng to chữ cho dễ đọc', // starts with what the button shows (speech control, axe)
    bigOff: 'A+ trở về cỡ chữ thường',
    messages: 'Nội dung trò chuyện',
    hint: 'Dạ, Bác cần hỏi gì về dịch vụ công trực tuyến, cứ nhắn ở đây ạ.',
    placeholder: 'Nhập câu hỏi của Bác…',
    inputLabel: 'Nội dung câu hỏi',
    send: 'Gửi tin nhắn',
    reconnecting: 'Đang kết nối lại…',
    queued: 'Tin nhắn sẽ tự gửi khi có kết nối.',
    typing: 'Trợ lý đang trả lời…',
    volunteer: 'Tình nguyện viên',
    srResident: 'Tin nhắn của bạn: ',
    srBot: 'Trợ lý: ',
    pending: 'Đang gửi…',
    failed: 'Chưa gửi được',
    retry: 'Gửi lại',
    retryLabel: 'Gửi lại tin nhắn này',
    replies: 'Gợi ý trả lời',
    newTab: 'Mở trong thẻ mới',
    genericError: 'Có lỗi xảy ra, Bác vui lòng thử lại sau ạ.',
    safety: 'Không gửi mật khẩu, mã OTP qua khung chat này.',
    unread: (n) => n + ' tin nhắn mới',
    erase: 'Xóa cuộc trò chuyện',
    eraseAsk: 'Xóa toàn bộ cuộc trò chuyện này, trên máy này và trên hệ thống của phường? Đã xóa thì không lấy lại được.',
    eraseYes: 'Xóa',
    eraseNo: 'Không',
    eraseOffline: 'Chưa xóa được vì đang mất kết nối. Bác thử lại khi có mạng nhé.',
    erased: 'Dạ, cuộc trò chuyện đã được xóa.',
    chosen: 'Bác đã chọn: ',
    greeting: 'Dạ, con chào Bác! Bác cần hỏi gì về dịch vụ công trực tuyến, cứ nhắn cho con ạ.',
    topicsLead: 'Mấy câu bà con hay hỏi:',
    topics: 'Câu hỏi hay gặp',
    waiting: (pos) => 'Đang chờ tình nguyện viên' + (pos ? ' — vị trí ' + pos : ''),
    talking: (name) => 'Đang trò chuyện với tình nguyện viên' + (name ? ' ' + name : ''),
    readAloud: 'Đọc to',
    readStop: 'Dừng đọc',
    useful: 'Hữu ích',
    wrong: 'Chưa đúng',
    stars: (n) => n + ' sao',
  };

  // ---------------------------------------------------------------- storage
  // localStorage may be missing or throw (private mode, disabled cookies): fall back to memory.
  const memStore = new Map();
  const store = {
    get(key) {
      try { return window.localStorage.getItem(key); } catch (e) { return memStore.has(key) ? memStore.get(key) : null; }
    },
    set(key, value) {
      try { window.localStorage.setItem(key, value); return true; } catch (e) { memStore.set(key, value); return false; }
    },
    json(key, fallback) {
      const raw = store.get(key);
      if (raw == null) return fallback;
      try {
        const v = JSON.parse(raw);
        return v == null ? fallback : v;
      } catch (e) {
        return fallback;
      }
    },
  };

  // ---------------------------------------------------------------- helpers
  const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const str = (v) => (typeof v === 'string' ? v : '');

  function toSeq(v) {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    return Number.isInteger(n) && n > 0 ? n : 0;
  }

  function newClientId() {
    const c = window.crypto;
    if (c && typeof c.randomUUID === 'function') {
      try { return c.randomUUID(); } catch (e) { /* insecure context: fall through */ }
    }
    const b = new Uint8Array(16);
    if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
    else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  /** createElement with attributes; "text" sets textContent, "class" sets className. */
  function el(tag, attrs, children) {
    const n = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach((k) => {
        const v = attrs[k];
        if (v == null || v === false) return;
        if (k === 'text') n.textContent = String(v);
        else if (k === 'class') n.className = v;
        else n.setAttribute(k, v === true ? '' : String(v));
      });
    }
    if (children) {
      children.forEach((c) => {
        if (c == null || c === false) return;
        n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
      });
    }
    return n;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  /** A static icon: paths are constants of this file, never message content. */
  function icon(cls, paths, opts) {
    const o = opts || {};
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'tlsp-icon ' + cls);
    paths.forEach((d) => {
      const p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('d', d);
      if (o.stroke) {
        p.setAttribute('fill', 'none');
        p.setAttribute('stroke', 'currentColor');
        p.setAttribute('stroke-width', o.stroke);
        p.setAttribute('stroke-linecap', 'round');
        p.setAttribute('stroke-linejoin', 'round');
      } else {
        p.setAttribute('fill', 'currentColor');
      }
      svg.appendChild(p);
    });
    return svg;
  }
  const ICON_CHAT = ['M12 3C6.48 3 2 6.92 2 11.75c0 2.62 1.32 4.97 3.4 6.57L4.6 22l4.36-2.3c.97.27 1.99.41 3.04.41 5.52 0 10-3.92 10-8.75S17.52 3 12 3zm-4.5 10a1.25 1.25 0 110-2.5 1.25 1.25 0 010 2.5zm4.5 0a1.25 1.25 0 110-2.5 1.25 1.25 0 010 2.5zm4.5 0a1.25 1.25 0 110-2.5 1.25 1.25 0 010 2.5z'];
  const ICON_CLOSE = ['M6 6l12 12', 'M18 6L6 18'];
  const ICON_SEND = ['M3.4 20.4l17.45-7.48a1 1 0 000-1.84L3.4 3.6a.99.99 0 00-1.39.91L2 9.12c0 .5.37.93.87.99L17 12 2.87 13.88c-.5.07-.87.5-.87 1l.01 4.61c0 .71.73 1.2 1.39.91z'];
  const ICON_TRASH = ['M4 7h16', 'M10 11v6', 'M14 11v6', 'M6 7l1 12a2 2 0 002 2h6a2 2 0 002-2l1-12', 'M9 7V4h6v3'];
  const ICON_THUMB_UP = ['M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z'];
  const ICON_THUMB_DOWN = ['M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z'];
  const ICON_STAR = ['M12 17.27L18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z'];
  const ICON_SPEAKER = ['M3 9v6h4l5 5V4L7 9H3zm13.5 3c0-1.77-1.02-3.29-2.5-4.03v8.05c1.48-.73 2.5-2.25 2.5-4.02zM14 3.23v2.06c2.89.86 5 3.54 5 6.71s-2.11 5.85-5 6.71v2.06c4.01-.91 7-4.49 7-8.77s-2.99-7.86-7-8.77z'];
  const ICON_LINK = ['M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76 0-5 2.24-5 5s2.24 5 5 5h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4c2.76 0 5-2.24 5-5s-2.24-5-5-5z'];
  const ICON_MOBILE = ['M17 1.01L7 1c-1.1 0-2 .9-2 2v18c0 1.1.9 2 2 2h10c1.1 0 2-.9 2-2V3c0-1.1-.9-1.99-2-1.99zM17 19H7V5h10v14z'];
  const ICON_CALL = ['M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 1 .45 1 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 3.57.11.35.03.74-.25 1.02l-2.2 2.2z'];
  const ICON_OFFICE = ['M12 7V3H2v18h20V7H12zM6 19H4v-2h2v2zm0-4H4v-2h2v2zm0-4H4V9h2v2zm0-4H4V5h2v2zm4 12H8v-2h2v2zm0-4H8v-2h2v2zm0-4H8V9h2v2zm0-4H8V5h2v2zm10 12h-8v-2h2v-2h-2v-2h2v-2h-2V9h8v10zm-2-8h-2v2h2v-2zm0 4h-2v2h2v-2z'];
  // the markers the bot's texts use, drawn as icons (emoji fonts are missing on many phones)
  const TEXT_ICONS = { '🔗': ICON_LINK, '📱': ICON_MOBILE, '☎': ICON_CALL, '🏢': ICON_OFFICE };
  const TEXT_ICON_RE = /(🔗|📱|☎|🏢)\uFE0F?/u;
  const ICON_HELPER = ['M12 2a4.5 4.5 0 110 9 4.5 4.5 0 010-9zm0 11c4.97 0 9 2.46 9 5.5V21a1 1 0 01-1 1H4a1 1 0 01-1-1v-2.5C3 15.46 7.03 13 12 13z'];

  // ---------------------------------------------------------------- links
  const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
  const TRAILING = '.,;:!?…\'"”’»';
  const CLOSERS = { ')': '(', ']': '[', '}': '{' };

  function countChar(s, ch) {
    let n = 0;
    for (let i = 0; i < s.length; i++) if (s[i] === ch) n++;
    return n;
  }

  function trimUrl(u) {
    for (;;) {
      const ch = u.charAt(u.length - 1);
      if (TRAILING.indexOf(ch) !== -1) { u = u.slice(0, -1); continue; }
      if (CLOSERS[ch] && countChar(u, ch) > countChar(u, CLOSERS[ch])) { u = u.slice(0, -1); continue; }
      return u;
    }
  }

  function safeHref(raw) {
    try {
      const u = new URL(raw);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname) return u.href;
    } catch (e) { /* not a URL */ }
    return null;
  }

  /** Appends text to parent, turning http(s) URLs into links. Only text nodes and <a>. */
  function appendLinkified(parent, text) {
    let last = 0;
    let m;
    URL_RE.lastIndex = 0;
    while ((m = URL_RE.exec(text)) !== null) {
      const raw = trimUrl(m[0]);
      const start = m.index;
      const end = start + raw.length;
      URL_RE.lastIndex = Math.max(end, start + 1);
      const href = raw.length > 8 ? safeHref(raw) : null;
      if (!href) continue; // stays plain text
      if (start > last) parent.appendChild(document.createTextNode(text.slice(last, start)));
      const a = document.createElement('a');
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.className = 'tlsp-link';
      a.title = T.newTab;
      a.textContent = raw;
      parent.appendChild(a);
      last = end;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** A bot's text: its marker emoji as SVG icons, its addresses as links, everything else as text. */
  function appendBotText(parent, text) {
    String(text).split(TEXT_ICON_RE).forEach((part, i) => {
      if (i % 2 === 1) parent.appendChild(icon('tlsp-icon-inline', TEXT_ICONS[part]));
      else if (part) appendLinkified(parent, part);
    });
  }

  // ---------------------------------------------------------------- time
  function formatTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (isNaN(d.getTime())) return '';
    const p = (n) => String(n).padStart(2, '0');
    const hm = p(d.getHours()) + ':' + p(d.getMinutes());
    return d.toDateString() === new Date().toDateString()
      ? hm
      : hm + ' · ' + p(d.getDate()) + '/' + p(d.getMonth() + 1);
  }

  // ---------------------------------------------------------------- records
  function sanitizeButtons(list) {
    if (!Array.isArray(list)) return null;
    const out = [];
    list.forEach((b) => {
      if (!isObj(b)) return;
      const title = str(b.title).trim();
      if (!title) return;
      out.push({ title, payload: str(b.payload) || title });
    });
    return out.length ? out.slice(0, 12) : null;
  }

  // Emoji render as empty boxes on phones without an emoji font: buttons show icons and words instead.
  const EMOJI_RE = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{FE0F}\u{200D}]/gu;
  function plainText(t) {
    return String(t).replace(EMOJI_RE, '').replace(/[ \t]+/g, ' ').trim();
  }

  /** How a button is shown: icons (constants of this file) and a label, from its payload. */
  function buttonLook(b) {
    let m = /^#feedback:(up|down):/.exec(b.payload);
    if (m) {
      const up = m[1] === 'up';
      return { icons: [up ? ICON_THUMB_UP : ICON_THUMB_DOWN], label: plainText(b.title) || (up ? T.useful : T.wrong) };
    }
    m = /^#rate:\d+:([1-5])$/.exec(b.payload);
    if (m) {
      const n = Number(m[1]);
      return { icons: Array(n).fill(ICON_STAR), label: T.stars(n) };
    }
    return { icons: [], label: plainText(b.title) || b.title };
  }

  /** Normalises a server message (or a cached one). Returns null when unusable. */
  function toRecord(m) {
    if (!isObj(m)) return null;
    const seq = toSeq(m.seq);
    if (!seq || (m.direction !== 'in' && m.direction !== 'out')) return null;
    const rec = {
      seq,
      direction: m.direction,
      text: typeof m.text === 'string' ? m.text : (m.text == null ? '' : String(m.text)),
      client_id: str(m.client_id) || null,
      created_at: str(m.created_at) || null,
    };
    const buttons = sanitizeButtons(m.buttons);
    if (buttons) rec.buttons = buttons;
    if (isObj(m.meta)) rec.meta = m.meta;
    if (typeof m.chosen === 'string' && m.chosen) rec.chosen = m.chosen.slice(0, 200); // this browser's own note
    return rec;
  }

  const isVolunteer = (rec) => !!(rec.meta && rec.meta.source === 'volunteer');

  // ---------------------------------------------------------------- state
  const state = {
    records: new Map(),   // seq -> record
    elBySeq: new Map(),   // seq -> element
    pending: new Map(),   // client_id -> { el, entry }
    maxSeq: 0,
    latestOut: 0,         // seq of the latest "out" message (its buttons are clickable)
    open: false,
    unread: 0,
    mounted: false,
    batch: false,         // while replaying history: save once at the end
    armed: false,         // the resident just wrote: the next replies are theirs to read from the top
    anchor: null,         // first reply of the current turn: kept at the top of the view
    modeSeq: 0,           // seq of the message the handoff status line was taken from
    volunteerName: '',
  };
  const conn = {
    ws: null,
    status: 'idle',       // idle | connecting | open | ready | waiting
    started: false,
    attempt: 0,
    retryTimer: 0,
    pingTimer: 0,
    statusTimer: 0,
    lastRx: 0,
    showStatus: false,
  };
  let ui = null;
  let typingTimer = 0;

  // ---------------------------------------------------------------- outbox
  function validEntry(e) {
    return isObj(e) && typeof e.client_id === 'string' && e.client_id && typeof e.text === 'string';
  }
  function readOutbox() {
    const v = store.json(KEYS.outbox, []);
    return Array.isArray(v) ? v.filter(validEntry) : [];
  }
  function writeOutbox(list) {
    store.set(KEYS.outbox, JSON.stringify(list.slice(-MAX_OUTBOX)));
  }
  function outboxAdd(entry) {
    const list = readOutbox();
    if (!list.some((e) => e.client_id === entry.client_id)) list.push(entry);
    writeOutbox(list);
  }
  function outboxRemove(clientId) {
    if (!clientId) return;
    const list = readOutbox();
    const next = list.filter((e) => e.client_id !== clientId);
    if (next.length !== list.length) writeOutbox(next);
  }

  // ---------------------------------------------------------------- message cache
  function readCache() {
    let v = store.json(KEYS.messages, []);
    if (isObj(v) && Array.isArray(v.messages)) v = v.messages;
    return Array.isArray(v) ? v.map(toRecord).filter(Boolean) : [];
  }
  function saveCache() {
    if (state.batch) return;
    // Merge with what another tab may have written, then keep the newest MAX_CACHE.
    const merged = new Map();
    readCache().forEach((r) => merged.set(r.seq, r));
    state.records.forEach((r, seq) => merged.set(seq, r));
    const list = Array.from(merged.values()).sort((a, b) => a.seq - b.seq).slice(-MAX_CACHE);
    if (!store.set(KEYS.messages, JSON.stringify(list))) {
      store.set(KEYS.messages, JSON.stringify(list.slice(-50))); // quota: keep fewer
    }
  }

  // ---------------------------------------------------------------- UI build
  function build() {
    const root = el('div', { class: 'tlsp-root', id: 'tlsp-widget', lang: 'vi' });

    const badge = el('span', { class: 'tlsp-badge', 'data-testid': 'chat-unread', 'aria-hidden': 'true', hidden: true });
    const bubble = el('button', {
      type: 'button',
      class: 'tlsp-launcher',
      'data-testid': 'chat-bubble',
      'aria-label': T.launcherOpenLabel,
      'aria-expanded': 'false',
      'aria-controls': 'tlsp-panel',
    }, [
      el('span', { class: 'tlsp-launcher-label', text: T.launcher }),
      el('span', { class: 'tlsp-launcher-icon' }, [
        icon('tlsp-icon-chat', ICON_CHAT),
        icon('tlsp-icon-close', ICON_CLOSE, { stroke: '2.6' }),
        badge,
      ]),
    ]);

    const bigBtn = el('button', {
      type: 'button',
      class: 'tlsp-hbtn tlsp-bigtext',
      'data-testid': 'bigtext-toggle',
      'aria-pressed': 'false',
      'aria-label': T.bigOn,
      title: T.bigOn,
      text: 'A+',
    });
    const eraseBtn = el('button', {
      type: 'button',
      class: 'tlsp-hbtn tlsp-erase',
      'data-testid': 'chat-erase',
      'aria-label': T.erase,
      'aria-controls': 'tlsp-erase-ask',
      title: T.erase,
    }, [icon('', ICON_TRASH, { stroke: '2' })]);
    const closeBtn = el('button', {
      type: 'button',
      class: 'tlsp-hbtn tlsp-close',
      'aria-label': T.close,
      title: T.close,
    }, [icon('', ICON_CLOSE, { stroke: '2.4' })]);

    const header = el('div', { class: 'tlsp-header' }, [
      el('span', { class: 'tlsp-avatar', 'aria-hidden': 'true' }, [icon('', ICON_CHAT)]),
      el('div', { class: 'tlsp-titles' }, [
        el('h2', { class: 'tlsp-title', id: 'tlsp-title', text: T.title }),
        el('p', { class: 'tlsp-subtitle', text: T.subtitle }),
      ]),
      bigBtn,
      eraseBtn,
      closeBtn,
    ]);

    // «Xóa cuộc trò chuyện» asks first, inside the panel (large buttons, no browser dialog)
    const eraseYes = el('button', { type: 'button', class: 'tlsp-erase-yes', 'data-testid': 'erase-confirm', text: T.eraseYes });
    const eraseNo = el('button', { type: 'button', class: 'tlsp-erase-no', 'data-testid': 'erase-cancel', text: T.eraseNo });
    const eraseAsk = el('div', {
      class: 'tlsp-erase-ask', id: 'tlsp-erase-ask', 'data-testid': 'erase-ask', role: 'group', 'aria-label': T.erase, hidden: true,
    }, [el('p', { text: T.eraseAsk }), el('div', { class: 'tlsp-erase-buttons' }, [eraseYes, eraseNo])]);

    const status = el('div', { class: 'tlsp-status', 'data-testid': 'chat-status', role: 'status', hidden: true });
    // waiting for / talking with a volunteer: stays in view above the messages
    const handoff = el('div', { class: 'tlsp-handoff', 'data-testid': 'handoff-status', role: 'status', hidden: true });

    // an empty conversation: a greeting and the most asked questions as buttons
    const topics = el('div', { class: 'tlsp-topics', 'data-testid': 'chat-topics', hidden: true });
    const hint = el('div', { class: 'tlsp-hint', 'data-testid': 'chat-hint', hidden: true }, [
      el('p', { class: 'tlsp-hint-text', text: T.greeting }),
      topics,
    ]);
    const list = el('div', { class: 'tlsp-list' });
    const typing = el('div', { class: 'tlsp-typing', 'data-testid': 'typing-indicator', hidden: true }, [
      el('span', { class: 'tlsp-sr', text: T.typing }),
      el('span', { class: 'tlsp-dot', 'aria-hidden': 'true' }),
      el('span', { class: 'tlsp-dot', 'aria-hidden': 'true' }),
      el('span', { class: 'tlsp-dot', 'aria-hidden': 'true' }),
    ]);
    const messages = el('div', {
      class: 'tlsp-messages',
      'data-testid': 'chat-messages',
      role: 'log',
      'aria-live': 'polite',
      'aria-relevant': 'additions',
      'aria-label': T.messages,
      tabindex: '0',
    }, [hint, list, typing]);

    const input = el('textarea', {
      class: 'tlsp-input',
      'data-testid': 'chat-input',
      rows: '1',
      maxlength: String(MAX_TEXT),
      placeholder: T.placeholder,
      'aria-label': T.inputLabel,
      enterkeyhint: 'send',
      autocomplete: 'off',
    });
    const sendBtn = el('button', {
      type: 'submit',
      class: 'tlsp-send',
      'data-testid': 'chat-send',
      'aria-label': T.send,
      title: T.send,
    }, [icon('', ICON_SEND)]);
    const form = el('form', { class: 'tlsp-composer', novalidate: true }, [input, sendBtn]);
    const safety = el('p', { class: 'tlsp-safety', text: T.safety });

    const panel = el('div', {
      class: 'tlsp-panel',
      id: 'tlsp-panel',
      'data-testid': 'chat-panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'tlsp-title',
      hidden: true,
    }, [header, handoff, eraseAsk, status, messages, form, safety]);

    root.appendChild(panel);
    root.appendChild(bubble);

    // events
    bubble.addEventListener('click', () => (state.open ? closePanel(true) : openPanel(true)));
    closeBtn.addEventListener('click', () => closePanel(true));
    bigBtn.addEventListener('click', () => setBigText(!root.classList.contains('tlsp-big'), true));
    eraseBtn.addEventListener('click', () => askErase(eraseAsk.hidden));
    eraseNo.addEventListener('click', () => askErase(false));
    eraseYes.addEventListener('click', requestErase);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submitInput();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submitInput();
      }
    });
    input.addEventListener('input', autoGrow);
    panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        closePanel(true);
      }
    });

    return { root, bubble, badge, panel, bigBtn, eraseBtn, eraseAsk, eraseNo, closeBtn, status, handoff, messages, hint, topics, list, typing, input, sendBtn };
  }

  function autoGrow() {
    const input = ui.input;
    if (!state.open) return; // hidden: nothing to measure; done again on open
    input.style.height = 'auto';
    const max = Math.round(parseFloat(getComputedStyle(input).lineHeight || '24') * 5 + 24);
    input.style.height = Math.min(input.scrollHeight + 2, max) + 'px';
    input.style.overflowY = input.scrollHeight + 2 > max ? 'auto' : 'hidden';
  }

  // ---------------------------------------------------------------- rendering
  function nearBottom() {
    const m = ui.messages;
    return m.scrollHeight - m.scrollTop - m.clientHeight < 120;
  }
  function scrollToBottom() {
    const m = ui.messages;
    m.scrollTop = m.scrollHeight;
  }
  /** Puts a message's first line at the top of the view (the browser stops at the end). */
  function scrollToTop(node) {
    ui.messages.scrollTop = Math.max(0, node.offsetTop - 8);
  }
  /** A new reply is read from its start: a long answer must not open at its last step. */
  function revealReply(node, stick) {
    if (state.armed) {
      // several messages of one turn: the first stays at the top
      if (!state.anchor || !state.anchor.isConnected) state.anchor = node;
      scrollToTop(state.anchor);
    } else if (stick) {
      scrollToTop(node); // a volunteer's message while the resident was following along
    }
  }
  /** The resident wrote: what comes next answers it. */
  function armReply() {
    state.armed = true;
    state.anchor = null;
  }
  function updateHint() {
    ui.hint.hidden = ui.list.childElementCount > 0;
    if (ui.hint.hidden) showTopics(null); // the conversation has begun: its buttons are the messages'
    else if (state.open) loadTopics();
  }

  /** The most asked questions (pinned by the ward first), fetched once, as buttons that ask them. */
  let topicsList = null;
  let topicsLoading = false;
  function loadTopics() {
    if (topicsList) {
      showTopics(topicsList);
      return;
    }
    if (topicsLoading || !window.fetch) return;
    topicsLoading = true;
    fetch(gatewayBase() + '/api/widget/topics', { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : { topics: [] }))
      .then((data) => {
        topicsList = (isObj(data) && Array.isArray(data.topics) ? data.topics : [])
          .filter((t) => isObj(t) && str(t.title).trim())
          .slice(0, 6)
          .map((t) => ({ title: str(t.title).trim(), payload: '', ask: str(t.ask).trim() || str(t.title).trim() }));
        if (!ui.hint.hidden) showTopics(topicsList);
      })
      .catch(() => { topicsLoading = false; }); // offline: try again on the next opening
  }
  function showTopics(list) {
    ui.topics.textContent = '';
    ui.topics.hidden = !(list && list.length);
    if (ui.topics.hidden) return; // no topics: the greeting promises none
    ui.topics.appendChild(el('p', { class: 'tlsp-hint-text', text: T.topicsLead }));
    const row = replyButtons(list, (_btn, t) => sendText(t.ask));
    row.setAttribute('aria-label', T.topics);
    row.querySelectorAll('button').forEach((b) => b.setAttribute('data-testid', 'chat-topic'));
    ui.topics.appendChild(row);
  }

  // ---------------------------------------------------------------- read aloud
  // Only with a Vietnamese voice on the device: another language's voice would mangle the words.
  const speech = window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null;
  let viVoice = null;
  function findVoice() {
    if (!speech) return;
    try {
      const voices = speech.getVoices() || [];
      viVoice = voices.find((v) => /^vi([-_]|$)/i.test(str(v.lang))) || null;
    } catch (e) {
      viVoice = null;
    }
    if (ui) ui.root.classList.toggle('tlsp-can-speak', !!viVoice);
  }
  /** What is read: the words, without emoji or link addresses. */
  function speakable(text) {
    return plainText(String(text).replace(URL_RE, ' ')).replace(/\s+/g, ' ').trim();
  }
  function speakButton(rec) {
    const btn = el('button', {
      type: 'button', class: 'tlsp-speak', 'data-testid': 'chat-speak',
    }, [icon('tlsp-icon-small', ICON_SPEAKER), el('span', { text: T.readAloud })]);
    btn.addEventListener('click', () => speak(rec.text, btn));
    return btn;
  }
  let speaking = null;
  function speak(text, btn) {
    if (!speech || !viVoice) return;
    const again = speaking === btn;
    speech.cancel();
    if (speaking) {
      speaking.classList.remove('tlsp-speaking');
      speaking.lastChild.textContent = T.readAloud;
      speaking = null;
    }
    if (again) return; // a second tap stops
    const u = new window.SpeechSynthesisUtterance(speakable(text));
    u.voice = viVoice;
    u.lang = viVoice.lang || 'vi-VN';
    u.rate = 0.9; // a little slower for older ears
    const done = () => {
      if (speaking !== btn) return;
      btn.classList.remove('tlsp-speaking');
      btn.lastChild.textContent = T.readAloud;
      speaking = null;
    };
    u.onend = done;
    u.onerror = done;
    speaking = btn;
    btn.classList.add('tlsp-speaking'); // its words say what a tap does now: «Dừng đọc»
    btn.lastChild.textContent = T.readStop;
    speech.speak(u);
  }

  /** "Cập nhật: 12/2026" under an answer from the knowledge base: when its facts were last checked. */
  function reviewedText(rec) {
    const day = rec.meta && typeof rec.meta.reviewed === 'string' ? rec.meta.reviewed : '';
    const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(day);
    return m ? 'Cập nhật: ' + m[2] + '/' + m[1] : '';
  }

  function metaLine(rec, statusText) {
    const meta = el('div', { class: 'tlsp-meta' });
    const t = formatTime(rec.created_at);
    if (t) meta.appendChild(el('time', { datetime: rec.created_at, text: t }));
    if (statusText) meta.appendChild(el('span', { class: 'tlsp-state', text: statusText }));
    return meta;
  }

  /** Builds one message element. rec.seq is absent for pending / failed resident messages. */
  function buildMessage(rec, status) {
    const resident = rec.direction === 'in';
    const volunteer = !resident && isVolunteer(rec);
    const node = el('div', {
      class: 'tlsp-msg ' + (resident ? 'tlsp-msg--resident' : 'tlsp-msg--bot') + (volunteer ? ' tlsp-msg--volunteer' : ''),
      'data-testid': 'chat-message',
      'data-direction': rec.direction,
      'data-seq': rec.seq ? String(rec.seq) : null,
      'data-client-id': rec.client_id || null,
      'data-status': status,
    });
    if (volunteer) {
      const name = typeof rec.meta.volunteer === 'string' ? rec.meta.volunteer.slice(0, 60) : '';
      node.appendChild(el('span', { class: 'tlsp-label', 'data-testid': 'volunteer-label', text: name ? T.volunteer + ' ' + name : T.volunteer }));
    }
    if (!volunteer) node.appendChild(el('span', { class: 'tlsp-sr', text: resident ? T.srResident : T.srBot }));
    const textEl = el('div', { class: 'tlsp-text', 'data-testid': 'chat-message-text' });
    if (resident) textEl.appendChild(document.createTextNode(rec.text));
    else appendBotText(textEl, rec.text);
    if (rec.text || !rec.buttons) node.appendChild(textEl);

    node.appendChild(metaLine(rec, status === 'pending' ? T.pending : status === 'failed' ? T.failed : ''));
    const reviewed = reviewedText(rec);
    if (reviewed) node.appendChild(el('div', { class: 'tlsp-reviewed', 'data-testid': 'chat-reviewed', text: reviewed }));

    if (!resident && rec.text) node.appendChild(speakButton(rec));

    if (!resident && rec.chosen) node.appendChild(chosenLine(rec.chosen));
    else if (!resident && rec.buttons) node.appendChild(replyButtons(rec.buttons, (btn, b, label) => onQuickReply(btn, b, label, rec, node)));
    return node;
  }

  /** A row of reply buttons; feedback and rating buttons get SVG icons and words, never emoji. */
  function replyButtons(buttons, onTap) {
    const group = el('div', { class: 'tlsp-replies', role: 'group', 'aria-label': T.replies });
    buttons.forEach((b) => {
      const look = buttonLook(b);
      const btn = el('button', {
        type: 'button',
        class: 'tlsp-reply' + (look.icons.length ? ' tlsp-reply--icon' : ''),
        'data-testid': 'chat-button',
        'data-payload': b.payload,
      });
      if (look.icons.length) {
        const icons = el('span', { class: 'tlsp-reply-icons' });
        look.icons.forEach((paths) => icons.appendChild(icon('tlsp-icon-small', paths)));
        btn.appendChild(icons);
      }
      btn.appendChild(el('span', { class: 'tlsp-reply-label', text: look.label }));
      btn.addEventListener('click', () => onTap(btn, b, look.label));
      group.appendChild(btn);
    });
    return group;
  }

  /** What a used row of buttons becomes: the choice, in words. */
  function chosenLine(label) {
    return el('p', { class: 'tlsp-chosen', 'data-testid': 'chat-chosen', tabindex: '-1', text: T.chosen + label });
  }

  function setButtonsEnabled(node, enabled) {
    if (!node) return;
    node.querySelectorAll('.tlsp-reply').forEach((b) => {
      b.disabled = !enabled;
    });
    // buttons a newer message made stale are put away, not left behind in grey
    node.querySelectorAll('.tlsp-replies').forEach((g) => {
      g.hidden = !enabled;
    });
  }

  /** Node before which a message with this seq belongs (null: at the end). */
  function insertRef(seq, self) {
    let ref = null;
    for (let c = ui.list.lastElementChild; c; c = c.previousElementSibling) {
      if (c === self) continue;
      const cs = toSeq(c.getAttribute('data-seq'));
      if (c.getAttribute('data-status') === 'pending' || (cs && cs > seq)) {
        ref = c;
        continue;
      }
      break;
    }
    return ref;
  }

  function place(node, seq) {
    const ref = insertRef(seq, node);
    if (node.parentNode === ui.list) {
      const next = node.nextElementSibling;
      if (ref === next || (ref === null && next === null)) return;
    }
    ui.list.insertBefore(node, ref);
  }

  function trackOut(rec, node) {
    if (rec.direction !== 'out') return;
    if (rec.seq > state.latestOut) {
      setButtonsEnabled(state.elBySeq.get(state.latestOut), false);
      state.latestOut = rec.seq;
      setButtonsEnabled(node, true);
    } else {
      setButtonsEnabled(node, false);
    }
  }

  // ---------------------------------------------------------------- handoff status line
  /** The newest server message says who answers: the bot, nobody yet (queue) or a volunteer. */
  function trackMode(rec) {
    if (rec.direction !== 'out' || rec.seq < state.modeSeq) return;
    const meta = rec.meta || {};
    const mode = str(meta.mode);
    // the claim notice names the volunteer too: the line says who it is before their first message
    if ((isVolunteer(rec) || mode === 'human') && typeof meta.volunteer === 'string') state.volunteerName = meta.volunteer.slice(0, 60);
    if (!mode) return;
    state.modeSeq = rec.seq;
    let text = '';
    if (mode === 'waiting') {
      const queue = isObj(meta.queue) ? meta.queue : {};
      text = T.waiting(toSeq(queue.position));
    } else if (mode === 'human') {
      text = T.talking(state.volunteerName);
    } else {
      state.volunteerName = '';
    }
    setHandoff(text, mode);
  }
  function setHandoff(text, mode) {
    ui.handoff.textContent = text;
    ui.handoff.hidden = !text;
    ui.handoff.setAttribute('data-mode', mode || 'bot');
  }

  // ---------------------------------------------------------------- times, once per group
  const GROUP_MS = 5 * 60 * 1000;
  /** A time under a message only where a new group starts: another speaker, or a pause. */
  function regroupTimes() {
    let prev = null;
    for (let c = ui.list.firstElementChild; c; c = c.nextElementSibling) {
      if (!c.classList.contains('tlsp-msg')) {
        prev = null;
        continue;
      }
      const time = c.querySelector('.tlsp-meta time');
      const at = time ? Date.parse(time.getAttribute('datetime')) : NaN;
      const same = !!prev && !!time && prev.dir === c.getAttribute('data-direction') && at - prev.start < GROUP_MS;
      if (time) time.hidden = same;
      const meta = c.querySelector('.tlsp-meta');
      if (meta) meta.hidden = same && !meta.querySelector('.tlsp-state');
      if (!same) prev = { dir: c.getAttribute('data-direction'), start: isNaN(at) ? 0 : at };
    }
  }

  /** Adds a server message (seq-keyed) to state and DOM. Returns false if already shown. */
  function addRecord(rec, existingNode) {
    if (state.records.has(rec.seq)) return false;
    const stick = nearBottom();
    state.records.set(rec.seq, rec);
    if (rec.seq > state.maxSeq) state.maxSeq = rec.seq;
    let node = existingNode;
    if (node) {
      // a pending message of ours became a normal one: update it in place
      node.setAttribute('data-seq', String(rec.seq));
      node.setAttribute('data-status', 'sent');
      const oldMeta = node.querySelector('.tlsp-meta');
      if (oldMeta) node.replaceChild(metaLine(rec, ''), oldMeta);
    } else {
      node = buildMessage(rec, 'sent');
    }
    state.elBySeq.set(rec.seq, node);
    place(node, rec.seq);
    trackOut(rec, node);
    trackMode(rec);
    regroupTimes();
    updateHint();
    if (rec.direction === 'out' && !state.batch) revealReply(node, stick);
    else if (stick || rec.direction === 'in') scrollToBottom();
    if (rec.direction === 'in' && !state.batch && !existingNode) armReply();
    saveCache();
    return true;
  }

  function renderPending(entry) {
    if (state.pending.has(entry.client_id)) return;
    const rec = { direction: 'in', text: entry.text, client_id: entry.client_id, created_at: entry.created_at };
    const node = buildMessage(rec, 'pending');
    state.pending.set(entry.client_id, { el: node, entry });
    ui.list.appendChild(node);
    regroupTimes();
    updateHint();
    scrollToBottom();
    armReply();
  }

  function markFailed(clientId) {
    const p = state.pending.get(clientId);
    if (!p) return;
    state.pending.delete(clientId);
    const node = p.el;
    node.setAttribute('data-status', 'failed');
    const meta = metaLine({ created_at: p.entry.created_at }, T.failed);
    const retry = el('button', { type: 'button', class: 'tlsp-retry', 'aria-label': T.retryLabel, text: T.retry });
    retry.addEventListener('click', () => {
      node.remove();
      updateHint();
      sendText(p.entry.text, p.entry.payload);
      ui.input.focus();
    });
    meta.appendChild(retry);
    const oldMeta = node.querySelector('.tlsp-meta');
    if (oldMeta) node.replaceChild(meta, oldMeta);
    else node.appendChild(meta);
  }

  function addNotice(text, forceScroll) {
    const stick = forceScroll || nearBottom();
    ui.list.appendChild(el('div', { class: 'tlsp-notice', 'data-testid': 'chat-notice', role: 'note', text }));
    updateHint();
    if (stick) scrollToBottom();
  }

  function resetConversation() {
    state.records.clear();
    state.elBySeq.clear();
    state.maxSeq = 0;
    state.latestOut = 0;
    state.modeSeq = 0;
    state.volunteerName = '';
    state.armed = false;
    state.anchor = null;
    setHandoff('', 'bot');
    ui.list.querySelectorAll('.tlsp-msg[data-seq], .tlsp-notice').forEach((n) => n.remove());
    store.set(KEYS.messages, '[]');
    updateHint();
  }

  // ---------------------------------------------------------------- erasing
  function askErase(show) {
    ui.eraseAsk.hidden = !show;
    ui.eraseBtn.setAttribute('aria-expanded', show ? 'true' : 'false');
    if (show) ui.eraseNo.focus();
  }

  function requestErase() {
    askErase(false);
    if (conn.status !== 'ready' || !sendFrame({ type: 'erase' })) addNotice(T.eraseOffline, true);
  }

  /** The server erased the conversation: forget everything this browser kept of it and start afresh. */
  function onErased(f) {
    state.pending.forEach((p) => p.el.remove());
    state.pending.clear();
    resetConversation();
    hideTyping();
    // every key of ours but the display preferences, whatever else a version of this script stored
    const keep = [KEYS.bigtext, KEYS.open];
    [window.localStorage, window.sessionStorage].forEach((area) => {
      try {
        for (let i = area.length - 1; i >= 0; i--) {
          const key = area.key(i);
          if (key && key.indexOf('tlsp.') === 0 && keep.indexOf(key) === -1) area.removeItem(key);
        }
      } catch (e) { /* storage unavailable: only memory held it */ }
    });
    memStore.forEach((_v, key) => { if (keep.indexOf(key) === -1) memStore.delete(key); });
    conn.sentSender = null;
    conn.attempt = 0;
    dropSocket(true);
    conn.showStatus = false; // a deliberate reconnect, not a lost connection
    updateStatus();
    connect(); // hello without a sender: a new, empty conversation
    addNotice(str(f.text).trim() || T.erased, true);
  }

  // ---------------------------------------------------------------- typing
  function showTyping() {
    const stick = nearBottom() && !(state.armed && state.anchor);
    ui.typing.hidden = false;
    if (stick) scrollToBottom();
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_MAX_MS);
  }
  function hideTyping() {
    clearTimeout(typingTimer);
    if (ui) ui.typing.hidden = true;
  }

  // ---------------------------------------------------------------- unread badge
  function updateBadge() {
    const n = state.unread;
    ui.badge.hidden = n <= 0;
    ui.badge.textContent = n > 9 ? '9+' : String(n);
    ui.bubble.setAttribute('aria-label', state.open
      ? T.launcherCloseLabel
      : T.launcherOpenLabel + (n > 0 ? ' (' + T.unread(n) + ')' : ''));
  }

  // ---------------------------------------------------------------- sending
  function sendFrame(obj) {
    const ws = conn.ws;
    if (!ws || ws.readyState !== 1) return false;
    try {
      ws.send(JSON.stringify(obj));
      return true;
    } catch (e) {
      return false;
    }
  }

  function transmit(entry) {
    const frame = { type: 'message', client_id: entry.client_id, text: entry.text };
    if (entry.payload) frame.payload = entry.payload;
    return sendFrame(frame);
  }

  function sendText(text, payload) {
    const clean = String(text).replace(/\r\n?/g, '\n').trim().slice(0, MAX_TEXT);
    if (!clean) return false;
    const entry = { client_id: newClientId(), text: clean, created_at: new Date().toISOString() };
    if (payload) entry.payload = String(payload);
    outboxAdd(entry);
    renderPending(entry);
    if (conn.status === 'ready') transmit(entry);
    else connectSoon();
    updateStatus();
    return true;
  }

  function submitInput() {
    const text = ui.input.value;
    if (!text.trim()) {
      ui.input.focus();
      return;
    }
    if (sendText(text)) {
      ui.input.value = '';
      autoGrow();
    }
    ui.input.focus();
  }

  const lastTapAt = new WeakMap();
  function onQuickReply(btn, b, label, rec, node) {
    if (btn.disabled) return;
    const now = Date.now();
    // a double tap on a button sends once; the next message's buttons answer at once
    if (now - (lastTapAt.get(btn.parentNode) || 0) < 800) return;
    lastTapAt.set(btn.parentNode, now);
    if (!sendText(label, b.payload)) return;
    // the row collapses into the message it answered, remembered across reloads
    const group = btn.parentNode;
    const hadFocus = group.contains(document.activeElement);
    const line = chosenLine(label);
    group.replaceWith(line);
    if (hadFocus) {
      try { line.focus({ preventScroll: true }); } catch (e) { line.focus(); }
    }
    if (rec && rec.seq && state.records.get(rec.seq) === rec) {
      rec.chosen = label;
      saveCache();
    }
  }

  function flushOutbox() {
    readOutbox().forEach((entry) => {
      renderPending(entry); // no-op if already shown
      transmit(entry);
    });
  }

  // ---------------------------------------------------------------- incoming frames
  function onServerMessage(m) {
    const rec = toRecord(m);
    if (!rec || state.records.has(rec.seq)) return;
    let existing = null;
    if (rec.direction === 'in' && rec.client_id) {
      outboxRemove(rec.client_id);
      const p = state.pending.get(rec.client_id);
      if (p) {
        state.pending.delete(rec.client_id);
        existing = p.el;
      }
    }
    addRecord(rec, existing);
    if (rec.direction === 'out') {
      hideTyping();
      if (!state.open) {
        state.unread += 1;
        updateBadge();
      }
    }
  }

  function onAck(f) {
    const clientId = str(f.client_id);
    if (!clientId) return;
    outboxRemove(clientId);
    const p = state.pending.get(clientId);
    if (!p) return;
    state.pending.delete(clientId);
    const seq = toSeq(f.seq);
    if (!seq) {
      // acked without a seq: show it as sent anyway
      p.el.setAttribute('data-status', 'sent');
      const oldMeta = p.el.querySelector('.tlsp-meta');
      if (oldMeta) p.el.replaceChild(metaLine(p.entry, ''), oldMeta);
      return;
    }
    if (state.records.has(seq)) {
      p.el.remove(); // already shown via echo / history
      updateHint();
      return;
    }
    addRecord({
      seq,
      direction: 'in',
      text: p.entry.text,
      client_id: clientId,
      created_at: p.entry.created_at,
    }, p.el);
  }

  function onError(f) {
    const clientId = str(f.client_id);
    if (clientId) {
      outboxRemove(clientId);
      markFailed(clientId);
      updateStatus();
    }
    addNotice(str(f.text).trim() || T.genericError, !!clientId);
  }

  function onWelcome(f) {
    const sender = str(f.sender);
    if (sender) {
      // a new identity (first hello, or the server did not accept our token): the cache is not its conversation
      if (sender !== store.get(KEYS.sender) && state.records.size) resetConversation();
      store.set(KEYS.sender, sender);
    }
    const token = str(f.token);
    if (token) store.set(KEYS.token, token); // renewed on every visit
    conn.status = 'ready';
    conn.attempt = 0;
    conn.showStatus = false;
    clearTimeout(conn.statusTimer);
    if (Array.isArray(f.history)) {
      state.batch = true;
      try {
        f.history.forEach(onServerMessage);
      } finally {
        state.batch = false;
      }
      saveCache();
    }
    flushOutbox();
    updateStatus();
  }

  function handleFrame(data) {
    let f;
    try {
      f = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (!isObj(f)) return;
    switch (f.type) {
      case 'welcome': onWelcome(f); break;
      case 'message': onServerMessage(f); break;
      case 'ack': onAck(f); break;
      case 'typing':
        if (f.on) showTyping();
        else {
          hideTyping();
          state.armed = false; // the turn is over
        }
        break;
      case 'error': onError(f); break;
      case 'erased': onErased(f); break;
      default: break; // pong and anything unknown
    }
  }

  // ---------------------------------------------------------------- connection
  function gatewayUrl() {
    const attr = SCRIPT && SCRIPT.getAttribute('data-gateway');
    try {
      return new URL(attr && attr.trim() ? attr.trim() : window.location.origin, window.location.href);
    } catch (e) {
      return new URL(window.location.href);
    }
  }
  /** http(s)://host/prefix of the gateway, for its JSON routes. */
  function gatewayBase() {
    const base = gatewayUrl();
    const proto = base.protocol === 'wss:' ? 'https:' : base.protocol === 'ws:' ? 'http:' : base.protocol;
    return proto + '//' + base.host + base.pathname.replace(/\/+$/, '');
  }

  function wsUrl() {
    const base = gatewayUrl();
    const proto = base.protocol === 'https:' || base.protocol === 'wss:' ? 'wss:' : 'ws:';
    const prefix = base.pathname.replace(/\/+$/, '');
    return proto + '//' + base.host + prefix + '/ws/chat';
  }

  function updateStatus() {
    if (!ui) return;
    const show = conn.started && conn.status !== 'ready' && conn.showStatus;
    if (show) {
      const queued = state.pending.size > 0;
      ui.status.textContent = T.reconnecting + (queued ? ' ' + T.queued : '');
    }
    ui.status.hidden = !show;
  }

  function startPing() {
    stopPing();
    conn.pingTimer = setInterval(() => {
      if (Date.now() - conn.lastRx > STALE_MS) {
        dropSocket(); // half-open connection: nothing heard for too long
        return;
      }
      sendFrame({ type: 'ping' });
    }, PING_MS);
  }
  function stopPing() {
    clearInterval(conn.pingTimer);
    conn.pingTimer = 0;
  }

  function connect() {
    conn.started = true;
    clearTimeout(conn.retryTimer);
    conn.retryTimer = 0;
    if (conn.ws) return;
    let ws;
    try {
      ws = new WebSocket(wsUrl());
    } catch (e) {
      conn.status = 'waiting';
      conn.showStatus = true;
      updateStatus();
      scheduleReconnect();
      return;
    }
    conn.ws = ws;
    conn.status = 'connecting';
    clearTimeout(conn.statusTimer);
    conn.statusTimer = setTimeout(() => {
      conn.showStatus = true;
      updateStatus();
    }, STATUS_DELAY_MS);
    ws.onopen = () => {
      if (conn.ws !== ws) return;
      conn.status = 'open';
      conn.lastRx = Date.now();
      const token = store.get(KEYS.token) || null;
      // without a token the cached messages belong to no known conversation: ask for everything
      sendFrame({ type: 'hello', token, last_seq: token ? state.maxSeq : 0 });
      startPing();
    };
    ws.onmessage = (ev) => {
      if (conn.ws !== ws) return;
      conn.lastRx = Date.now();
      if (typeof ev.data === 'string') handleFrame(ev.data);
    };
    ws.onclose = () => {
      if (conn.ws === ws) dropSocket();
    };
    ws.onerror = () => { /* a close event follows */ };
  }

  /** Forgets the current socket (if any) and schedules a reconnect unless told not to. */
  function dropSocket(noRetry) {
    const ws = conn.ws;
    conn.ws = null;
    conn.status = 'waiting';
    stopPing();
    hideTyping();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(); } catch (e) { /* ignore */ }
    }
    clearTimeout(conn.statusTimer);
    conn.showStatus = true;
    updateStatus();
    if (!noRetry) scheduleReconnect();
  }

  function scheduleReconnect() {
    if (conn.retryTimer) return;
    const base = Math.min(BACKOFF_MAX, 1000 * Math.pow(2, conn.attempt));
    conn.attempt = Math.min(conn.attempt + 1, 8);
    const delay = Math.min(BACKOFF_MAX, Math.round(base * (0.8 + Math.random() * 0.4)));
    conn.retryTimer = setTimeout(() => {
      conn.retryTimer = 0;
      connect();
    }, delay);
  }

  /** Resident acted while offline: try now instead of waiting for the backoff timer. */
  function connectSoon() {
    if (!conn.started || (!conn.ws && conn.status !== 'connecting')) connect();
  }

  /** Network came back / tab became visible: reconnect at once with a fresh backoff. */
  function reconnectNow() {
    if (!conn.started) return;
    const stale = conn.status === 'ready' && Date.now() - conn.lastRx > STALE_MS;
    if (conn.status === 'ready' && !stale) return;
    conn.attempt = 0;
    if (conn.ws) dropSocket(true);
    connect();
  }

  // ---------------------------------------------------------------- open / close / big text
  const smallScreen = window.matchMedia ? window.matchMedia('(max-width: 479.98px), (max-height: 480px)') : null;

  function updateScrollLock() {
    const lock = state.open && !!(smallScreen && smallScreen.matches);
    document.documentElement.classList.toggle('tlsp-noscroll', lock);
    fitViewport();
  }

  function fitViewport() {
    const vv = window.visualViewport;
    if (!ui || !vv) return;
    // the phone's keyboard is up (or the screen is low): the header gives its room to the messages
    ui.root.classList.toggle('tlsp-short', state.open && vv.height < SHORT_PX);
    if (state.open && smallScreen && smallScreen.matches) {
      ui.root.style.setProperty('--tlsp-vh', Math.round(vv.height) + 'px');
    } else {
      ui.root.style.removeProperty('--tlsp-vh');
    }
  }

  function openPanel(focus) {
    if (!ui) return;
    if (!state.open) {
      state.open = true;
      ui.root.classList.add('tlsp-open');
      ui.panel.hidden = false;
      ui.bubble.setAttribute('aria-expanded', 'true');
      store.set(KEYS.open, '1');
      state.unread = 0;
      updateBadge();
      updateScrollLock();
      updateHint();
      autoGrow();
      if (!conn.started) connect();
      scrollToBottom();
    }
    if (focus !== false) {
      try { ui.input.focus({ preventScroll: true }); } catch (e) { ui.input.focus(); }
    }
  }

  function closePanel(returnFocus) {
    if (!ui || !state.open) return;
    const hadFocus = ui.panel.contains(document.activeElement);
    state.open = false;
    ui.root.classList.remove('tlsp-open');
    ui.panel.hidden = true;
    ui.bubble.setAttribute('aria-expanded', 'false');
    store.set(KEYS.open, '0');
    updateBadge();
    updateScrollLock();
    if (returnFocus && hadFocus) ui.bubble.focus();
  }

  function setBigText(on, remember) {
    ui.root.classList.toggle('tlsp-big', on);
    ui.bigBtn.setAttribute('aria-pressed', on ? 'true' : 'false');
    ui.bigBtn.setAttribute('aria-label', on ? T.bigOff : T.bigOn);
    ui.bigBtn.title = on ? T.bigOff : T.bigOn;
    if (remember) store.set(KEYS.bigtext, on ? '1' : '0');
    autoGrow();
    if (state.open) scrollToBottom();
  }

  // ---------------------------------------------------------------- mount
  function ensureStylesheet() {
    if (document.querySelector('link[href*="widget.css"]')) return;
    if (!SCRIPT || !SCRIPT.src) return;
    try {
      const href = new URL('widget.css', SCRIPT.src).href;
      document.head.appendChild(el('link', { rel: 'stylesheet', href }));
    } catch (e) { /* ignore */ }
  }

  function mount() {
    if (state.mounted) return;
    state.mounted = true;
    ensureStylesheet();
    ui = build();
    document.body.appendChild(ui.root);

    setBigText(store.get(KEYS.bigtext) === '1', false);

    // the conversation shown before the reload, at once
    state.batch = true;
    readCache().slice(-MAX_CACHE).forEach((rec) => addRecord(rec));
    state.batch = false;
    const outbox = readOutbox();
    outbox.forEach(renderPending);
    updateHint();
    updateBadge();

    if (store.get(KEYS.open) === '1') openPanel(true);
    // a returning resident stays connected (replies from volunteers, unread badge);
    // a first-time visitor connects when opening the chat
    if (!conn.started && (store.get(KEYS.token) || outbox.length)) connect();

    document.addEventListener('click', (e) => {
      const t = e.target && e.target.closest ? e.target.closest('[data-tlsp-open]') : null;
      if (t && !ui.root.contains(t)) {
        e.preventDefault();
        openPanel(true);
        // a topic button of the page asks its question at once
        const ask = (t.getAttribute('data-tlsp-ask') || '').trim();
        if (ask) sendText(ask);
      }
    });
    findVoice();
    if (speech && speech.addEventListener) speech.addEventListener('voiceschanged', findVoice);
    window.addEventListener('online', reconnectNow);
    window.addEventListener('offline', () => {
      if (conn.started && conn.ws) dropSocket();
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') reconnectNow();
    });
    window.addEventListener('storage', (e) => {
      if (e.key === KEYS.bigtext) setBigText(e.newValue === '1', false);
    });
    if (smallScreen) {
      const onChange = () => updateScrollLock();
      if (smallScreen.addEventListener) smallScreen.addEventListener('change', onChange);
      else if (smallScreen.addListener) smallScreen.addListener(onChange);
    }
    if (window.visualViewport) window.visualViewport.addEventListener('resize', fitViewport);
  }

  window.tlspWidget = {
    open: () => openPanel(true),
    close: () => closePanel(false),
  };

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();

/* Trợ lý số phường — volunteer console. Vanilla JS, no build step, no inline script (CSP).
   Chat text is untrusted: it is only ever put on the page with textContent. */
(function () {
  'use strict';

  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  var page = document.body.getAttribute('data-page');
  var errorBox = document.querySelector('[data-testid="console-error"]');
  var liveBadge = document.querySelector('[data-testid="live-status"]');

  function showError(text) {
    if (!errorBox) return;
    errorBox.textContent = text || '';
    errorBox.hidden = !text;
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          if (response.status === 401) window.location.href = '/login?next=' + encodeURIComponent(location.pathname);
          var failure = new Error(data.message || 'Có lỗi xảy ra, Bạn thử lại.');
          failure.code = data.error || '';
          throw failure;
        }
        showError('');
        return data;
      });
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // As the server renders it: 23/11/2026 14:05, Việt Nam time, whatever the computer's own zone.
  function localTime(iso) {
    var parts = {};
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false
    }).formatToParts(new Date(iso)).forEach(function (p) { parts[p.type] = p.value; });
    return parts.day + '/' + parts.month + '/' + parts.year + ' ' + parts.hour + ':' + parts.minute;
  }

  function minutes(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ' phút ' + (s < 10 ? '0' : '') + s + ' giây';
  }

  // -- alerts: a short tone and a browser notification for each new waiting resident --------
  var audio = null;
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-action="notifications"]');
    if (!button) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      audio.resume();
    } catch (e) { audio = null; }
    if (window.Notification && Notification.permission === 'default') Notification.requestPermission();
    button.textContent = 'Đã bật âm báo';
  });

  function alertNewTicket(item) {
    var count = Number(document.body.getAttribute('data-alerts') || 0) + 1;
    document.body.setAttribute('data-alerts', String(count));
    if (audio) {
      var tone = audio.createOscillator(), gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.15;
      tone.connect(gain); gain.connect(audio.destination);
      tone.start(); tone.stop(audio.currentTime + 0.25);
    }
    if (window.Notification && Notification.permission === 'granted') {
      try { new Notification('Có người cần hỗ trợ', { body: item.reason_label + ' · ' + (item.latest_message || item.channel_label) }); } catch (e) { /* ignore */ }
    }
  }

  // -- the live socket -------------------------------------------------------------------------
  var handlers = [];
  var socket = null, retry = 500, pingTimer = null;
  var onOpen = [];

  function connect() {
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/console/ws';
    socket = new WebSocket(url);
    socket.onopen = function () {
      retry = 500;
      setLive('online', 'Trực tuyến');
      onOpen.forEach(function (fn) { fn(); });
      pingTimer = setInterval(function () { send({ type: 'ping' }); }, 25000);
    };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      handlers.forEach(function (fn) { fn(data); });
    };
    socket.onclose = function () {
      clearInterval(pingTimer);
      setLive('offline', 'Mất kết nối, đang thử lại…');
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function setLive(state, text) {
    if (!liveBadge) return;
    liveBadge.setAttribute('data-state', state);
    liveBadge.textContent = text;
  }

  // -- the queue page ---------------------------------------------------------------------------
  function queuePage() {
    var lists = { waiting: document.querySelector('[data-list="waiting"]'), mine: document.querySelector('[data-list="mine"]') };
    var known = null;  // waiting ticket ids already seen (null until the first snapshot)
    var receivedAt = 0, snapshot = { waiting: [], mine: [] };

    function ageClass(seconds) {
      return seconds >= 300 ? 'age-long' : seconds >= 120 ? 'age-mid' : 'age-short';
    }

    function render() {
      var elapsed = Math.floor((Date.now() - receivedAt) / 1000);
      ['waiting', 'mine'].forEach(function (kind) {
        var list = lists[kind];
        list.textContent = '';
        snapshot[kind].forEach(function (item) {
          var waited = item.waiting_s + elapsed;
          var li = el('li', 'ticket ' + (kind === 'waiting' ? ageClass(waited) : ''));
          li.setAttribute('data-ticket-id', item.ticket_id);
          li.setAttribute('data-testid', kind === 'waiting' ? 'waiting-ticket' : 'mine-ticket');
          var head = el('div', 'ticket-head');
          head.appendChild(el('span', 'badge reason-' + item.reason, item.reason_label));
          head.appendChild(el('span', 'channel', item.channel_label));
          head.appendChild(el('span', 'wait', kind === 'waiting' ? 'Đã chờ ' + minutes(waited) : (item.assigned_to ? 'Người hỗ trợ: ' + item.assigned_to : '')));
          if (item.faq_category) {
            var topic = el('span', 'topic', 'Chủ đề: ' + item.faq_category);
            topic.setAttribute('data-testid', 'ticket-topic');
            head.appendChild(topic);
          }
          var body = el('div', 'ticket-body');
          body.appendChild(head);
          if (item.latest_message) {  // masked as stored; untrusted, so textContent only
            var said = el('p', 'ticket-said', '«' + item.latest_message + '»');
            said.setAttribute('data-testid', 'ticket-said');
            body.appendChild(said);
          }
          li.appendChild(body);
          if (item.context_label) {
            var context = el('p', 'ticket-context', 'Đang kẹt ở: ' + item.context_label);
            context.setAttribute('data-testid', 'ticket-context');
            body.appendChild(context);
          }
          if (kind === 'waiting') {
            var claim = el('button', 'button primary', 'Nhận');
            claim.type = 'button';
            claim.setAttribute('data-claim', item.ticket_id);
            li.appendChild(claim);
          } else {
            var open = el('a', 'button', 'Mở cuộc trò chuyện');
            open.href = '/console/tickets/' + item.ticket_id;
            li.appendChild(open);
          }
          list.appendChild(li);
        });
        document.querySelector('[data-empty="' + kind + '"]').hidden = snapshot[kind].length > 0;
      });
      document.querySelector('[data-testid="waiting-count"]').textContent = String(snapshot.waiting.length);
    }

    handlers.push(function (data) {
      if (data.type !== 'queue') return;
      snapshot = data;
      receivedAt = Date.now();
      var ids = data.waiting.map(function (item) { return item.ticket_id; });
      if (known) {
        data.waiting.forEach(function (item) { if (known.indexOf(item.ticket_id) < 0) alertNewTicket(item); });
      }
      known = ids;
      render();
    });
    setInterval(function () { if (receivedAt) render(); }, 1000);

    function claim(ticketId) {
      post('/console/api/tickets/claim', ticketId ? { ticket_id: ticketId } : {})
        .then(function (ticket) { window.location.href = '/console/tickets/' + ticket.ticket_id; })
        .catch(function (error) { showError(error.message); });
    }
    document.addEventListener('click', function (event) {
      var target = event.target;
      if (target.getAttribute('data-claim')) claim(Number(target.getAttribute('data-claim')));
      if (target.getAttribute('data-action') === 'claim-next') claim(null);
    });
  }

  // -- a ticket page ----------------------------------------------------------------------------
  function ticketPage() {
    var root = document.querySelector('.ticket-page');
    var ticketId = Number(root.getAttribute('data-ticket-id'));
    var lastSeq = Number(root.getAttribute('data-last-seq'));
    var transcript = document.querySelector('[data-testid="transcript"]');
    var conversationId = null;

    function who(message) {
      if (message.direction === 'in') return 'Người dân';
      var meta = message.meta || {};
      return meta.source === 'volunteer' ? (meta.volunteer || 'Tình nguyện viên') : 'Bot';
    }

    function append(message) {
      if (message.seq <= lastSeq) return;
      lastSeq = message.seq;
      var li = el('li', 'msg ' + message.direction + ' src-' + ((message.meta || {}).source || ''));
      li.setAttribute('data-seq', message.seq);
      li.appendChild(el('span', 'who', who(message)));
      li.appendChild(el('span', 'text', message.text));
      li.appendChild(el('time', '', localTime(message.created_at)));
      transcript.appendChild(li);
      li.scrollIntoView({ block: 'end' });
    }
    var last = transcript.lastElementChild;
    if (last) last.scrollIntoView({ block: 'end' });

    onOpen.push(function () { send({ type: 'watch', ticket_id: ticketId, after_seq: lastSeq }); });
    handlers.push(function (data) {
      if (data.type === 'message' && (data.ticket_id === ticketId || data.conversation_id === conversationId)) {
        conversationId = data.conversation_id;
        append(data.message);
      }
    });

    var base = '/console/api/tickets/' + ticketId;
    function form(name, handler) {
      var node = document.querySelector('[data-form="' + name + '"]');
      if (!node) return;
      node.addEventListener('submit', function (event) {
        event.preventDefault();
        handler(node);
      });
    }
    form('reply', function (node) {
      var box = node.querySelector('textarea');
      var text = box.value.trim();
      if (!text) return;
      post(base + '/messages', { text: text }).then(function (data) {
        conversationId = data.conversation_id;
        append(data.message);
        if (box.value.trim() === text) box.value = '';  // keep what the volunteer typed meanwhile
      }).catch(function (error) { showError(error.message); });
    });
    // Closing: the outcome is always chosen (no default), and while the resident's last message has
    // no reply a second, explicit «Vẫn kết thúc» is needed (the server refuses without it too).
    var confirmBox = document.querySelector('[data-testid="resolve-confirm"]');
    function unanswered() {
      for (var node = transcript.lastElementChild; node; node = node.previousElementSibling) {
        if (node.classList.contains('in')) return true;
        if (!node.classList.contains('src-system')) return false;
      }
      return false;
    }
    function resolve(confirmed) {
      var select = document.querySelector('[data-testid="outcome"]');
      if (!select.value) {
        showError('Bạn chọn kết quả hỗ trợ trước khi kết thúc.');
        select.focus();
        return;
      }
      if (!confirmed && unanswered()) {
        confirmBox.hidden = false;
        confirmBox.querySelector('[data-action="resolve-confirmed"]').focus();
        return;
      }
      post(base + '/resolve', { outcome: select.value, confirm_unanswered: !!confirmed })
        .then(function () { window.location.href = '/console'; })
        .catch(function (error) {
          if (error.code === 'unanswered' && confirmBox) {  // the resident wrote meanwhile
            confirmBox.hidden = false;
            return;
          }
          showError(error.message);
        });
    }
    form('resolve', function () { resolve(false); });
    document.addEventListener('click', function (event) {
      var action = event.target.getAttribute('data-action');
      if (action === 'resolve-confirmed') resolve(true);
      if (action === 'resolve-cancel') {
        confirmBox.hidden = true;
        var box = document.querySelector('[data-testid="reply-text"]');
        if (box) box.focus();
      }
    });
    form('transfer', function (node) {
      post(base + '/transfer', { to_user_id: Number(node.querySelector('select').value) })
        .then(function () { window.location.href = '/console'; })
        .catch(function (error) { showError(error.message); });
    });
    form('note', function (node) {
      var box = node.querySelector('textarea');
      post(base + '/notes', { text: box.value }).then(function (note) {
        var li = el('li');
        li.appendChild(el('span', 'muted small', note.actor + ' · vừa xong'));
        li.appendChild(document.createTextNode(' ' + note.text));
        document.querySelector('[data-testid="notes"]').appendChild(li);
        box.value = '';
      }).catch(function (error) { showError(error.message); });
    });
    form('suggest', function (node) {
      post(base + '/suggest', { text: node.querySelector('textarea').value }).then(function () {
        node.querySelector('button').textContent = 'Đã gửi đề xuất';
      }).catch(function (error) { showError(error.message); });
    });
    document.addEventListener('click', function (event) {
      if (event.target.getAttribute('data-action') !== 'release') return;
      post(base + '/release').then(function () { window.location.href = '/console'; })
        .catch(function (error) { showError(error.message); });
    });
    cannedReplies();
  }

  // Typing "/" at the start of a word opens the canned replies; Enter or a click inserts one.
  function cannedReplies() {
    var box = document.querySelector('[data-testid="reply-text"]');
    var menu = document.querySelector('[data-testid="canned-menu"]');
    if (!box || !menu) return;
    var replies = [], matches = [], active = 0;
    fetch('/console/api/canned', { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (data) { replies = data; });

    function token() {
      var before = box.value.slice(0, box.selectionStart);
      var match = /(^|\s)\/([a-z0-9_-]*)$/.exec(before);
      return match ? { word: match[2], start: before.length - match[2].length - 1 } : null;
    }
    function close() { menu.hidden = true; matches = []; }
    function show() {
      var t = token();
      if (!t) return close();
      matches = replies.filter(function (r) { return r.shortcut.indexOf(t.word) === 0; }).slice(0, 8);
      if (!matches.length) return close();
      active = 0;
      menu.textContent = '';
      matches.forEach(function (r, i) {
        var li = el('li', i === active ? 'active' : '');
        li.setAttribute('role', 'option');
        li.setAttribute('data-shortcut', r.shortcut);
        li.appendChild(el('strong', '', '/' + r.shortcut));
        li.appendChild(el('span', '', ' ' + r.text));
        li.addEventListener('mousedown', function (event) { event.preventDefault(); insert(r); });
        menu.appendChild(li);
      });
      menu.hidden = false;
    }
    function insert(reply) {
      var t = token();
      if (!t) return close();
      var end = box.selectionStart;
      box.value = box.value.slice(0, t.start) + reply.text + box.value.slice(end);
      var caret = t.start + reply.text.length;
      box.setSelectionRange(caret, caret);
      close();
      box.focus();
    }
    box.addEventListener('input', show);
    box.addEventListener('keydown', function (event) {
      if (menu.hidden) {
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          box.form.requestSubmit();
        }
        return;
      }
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        active = (active + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
        Array.prototype.forEach.call(menu.children, function (li, i) { li.className = i === active ? 'active' : ''; });
      } else if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        insert(matches[active]);
      } else if (event.key === 'Escape') {
        close();
      }
    });
    box.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  // -- the call-back page: its rows are replaced live when a call-back is added or marked --------
  function callbacksPage() {
    var table = document.querySelector('[data-testid="callbacks"]');
    var updated = document.querySelector('[data-testid="callbacks-updated"]');
    var mark = null, loading = false, again = false;

    function refresh() {
      if (loading) { again = true; return; }
      loading = true;
      fetch('/console/callbacks?status=' + encodeURIComponent(table.getAttribute('data-status')), { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(new Error(String(response.status))); })
        .then(function (html) {
          // the server's own page, escaped by its templates: only its table body is taken
          var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-testid="callbacks"] tbody');
          if (!fresh) return;
          var body = table.querySelector('tbody');
          // a number a volunteer asked to see stays on screen while they call
          Array.prototype.forEach.call(body.querySelectorAll('tr[data-revealed]'), function (kept) {
            var twin = fresh.querySelector('tr[data-callback-id="' + kept.getAttribute('data-callback-id') + '"]');
            if (twin) fresh.replaceChild(kept, twin);
          });
          table.replaceChild(document.adoptNode(fresh), body);
          table.setAttribute('data-refreshed', String(Number(table.getAttribute('data-refreshed') || 0) + 1));
          updated.textContent = 'Danh sách vừa được cập nhật lúc ' + localTime(new Date().toISOString()).slice(-5) + '.';
          updated.hidden = false;
        })
        .catch(function () { /* the next change tries again */ })
        .then(function () {
          loading = false;
          if (again) { again = false; refresh(); }
        });
    }

    handlers.push(function (data) {
      if (data.type === 'callbacks') refresh();
      if (data.type === 'queue' && data.callbacks !== undefined) {
        if (mark !== null && data.callbacks !== mark) refresh();
        mark = data.callbacks;
      }
    });
  }

  if (page === 'queue') queuePage();
  if (page === 'ticket') ticketPage();
  if (page === 'callbacks') callbacksPage();
  if (page === 'queue' || page === 'ticket' || page === 'callbacks') connect();
})();

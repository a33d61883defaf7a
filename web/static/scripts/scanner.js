// Parvis: the door-scanning app (TIX-12, decision 0019). The page is rendered without SvelteKit's
// client app and works as a plain form (the manual entry posts to ?/scan). This script, loaded
// once with the page, adds: the camera (BarcodeDetector, else the vendored jsQR), answers without a
// page load, and the offline mode: the event's ticket list and public keys kept in localStorage,
// each ticket checked on the phone (Ed25519 signature with WebCrypto, then the list), every scan
// queued with its nonce and uploaded when the network is back, conflicts shown after the upload.
(() => {
  const root = document.getElementById('door');
  if (!root) return;
  const config = {
    locale: root.dataset.locale === 'en' ? 'en' : 'fr',
    eventId: root.dataset.eventId ?? '',
    timeZone: root.dataset.timeZone || 'America/Toronto',
    listUrl: root.dataset.listUrl ?? '',
    scanUrl: root.dataset.scanUrl ?? '',
    syncUrl: root.dataset.syncUrl ?? '',
  };
  /** @type {Record<string, string>} */
  const words = JSON.parse(root.dataset.messages ?? '{}');
  const say = (key, params = {}) =>
    (words[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) =>
      name in params ? String(params[name]) : whole,
    );
  const byId = (id) => document.getElementById(id);
  const resultBox = byId('door-result');
  const form = byId('door-form');
  const tokenField = byId('door-token');
  const statusLine = byId('door-status');
  const offlinePanel = byId('door-offline');
  const listState = byId('door-list-state');
  const queueLine = byId('door-queue');
  const conflictBox = byId('door-conflicts');
  const maxPerSync = 500;

  // --- Storage: one record per event (list, local admissions, queue, last conflicts) ---
  const storageKey = `parvis:door:${config.eventId}`;
  const deviceKey = 'parvis:door:device';
  const randomId = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  let deviceId = localStorage.getItem(deviceKey);
  if (!deviceId || !/^[A-Za-z0-9_-]{1,64}$/.test(deviceId)) {
    deviceId = `phone-${randomId().replace(/-/g, '').slice(0, 12)}`;
    localStorage.setItem(deviceKey, deviceId);
  }
  const load = () => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
      if (saved && typeof saved === 'object')
        return { list: null, local: {}, queue: [], conflicts: [], ...saved };
    } catch {
      // A damaged record is replaced below.
    }
    return { list: null, local: {}, queue: [], conflicts: [] };
  };
  const state = load();
  const save = () => localStorage.setItem(storageKey, JSON.stringify(state));

  // --- Rendering ---
  const format = (iso) =>
    new Intl.DateTimeFormat(config.locale === 'fr' ? 'fr-CA' : 'en-CA', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: config.timeZone,
    }).format(new Date(iso));
  const tone = (result) => (result === 'valid' ? 'ok' : result === 'alreadyUsed' ? 'warn' : 'stop');
  const symbols = { ok: '✓', warn: '!', stop: '✕' };
  const paragraph = (className, text) => {
    const p = document.createElement('p');
    p.className = className;
    p.textContent = text;
    return p;
  };
  function show(answer, { offline = false } = {}) {
    const kind = tone(answer.result);
    const box = document.createElement('div');
    box.className = `door-answer ${kind}`;
    box.dataset.result = answer.result;
    const verdict = document.createElement('p');
    verdict.className = 'verdict';
    const symbol = document.createElement('span');
    symbol.className = 'symbol';
    symbol.setAttribute('aria-hidden', 'true');
    symbol.textContent = symbols[kind];
    verdict.append(symbol, ` ${say(`result.${answer.result}`)}`);
    box.append(verdict);
    if (answer.result === 'alreadyUsed' && answer.usedAt) {
      box.append(
        paragraph(
          'detail',
          say('result.alreadyUsedDetail', { date: format(answer.usedAt), name: answer.usedByName ?? '—' }),
        ),
      );
    }
    if (answer.result === 'otherEvent' && answer.otherEvent?.title) {
      const date = answer.otherEvent.startsAt ? format(answer.otherEvent.startsAt) : '';
      box.append(
        paragraph('detail', say('result.otherEventDetail', { title: answer.otherEvent.title, date })),
      );
    }
    if (answer.result === 'unknown') box.append(paragraph('detail', say('result.unknownDetail')));
    if (answer.category)
      box.append(paragraph('detail', say('result.category', { name: answer.category[config.locale] })));
    if (answer.repeated) box.append(paragraph('note', say('result.repeated')));
    if (offline) box.append(paragraph('note', say('result.offline')));
    resultBox.replaceChildren(box);
    if (navigator.vibrate) navigator.vibrate(kind === 'ok' ? 80 : [80, 60, 80]);
  }
  function showError(message) {
    resultBox.replaceChildren(paragraph('error', message));
  }

  function refreshStatus() {
    const online = navigator.onLine;
    statusLine.hidden = false;
    statusLine.textContent = say(online ? 'offline.status.online' : 'offline.status.offline');
    statusLine.classList.toggle('is-offline', !online);
    offlinePanel.hidden = false;
    listState.textContent = state.list
      ? say('offline.ready', { date: format(state.list.downloadedAt), count: state.list.tickets.length })
      : say('offline.none');
    queueLine.textContent = say('offline.queue', { count: state.queue.length });
    byId('door-sync').hidden = state.queue.length === 0;
    renderConflicts();
  }
  function renderConflicts() {
    conflictBox.replaceChildren();
    if (state.conflicts.length === 0) return;
    conflictBox.append(
      paragraph('conflict-title', say('offline.conflicts', { count: state.conflicts.length })),
    );
    const list = document.createElement('ul');
    for (const conflict of state.conflicts) {
      const scans = conflict.scans
        .map((scan) =>
          say('offline.conflictScan', {
            date: format(scan.scannedAt),
            name: scan.scannerName,
            device: scan.deviceId,
          }),
        )
        .join(' ; ');
      const item = document.createElement('li');
      item.textContent = say('offline.conflict', { ticket: conflict.ticketId.slice(-8), scans });
      list.append(item);
    }
    conflictBox.append(list);
  }

  // --- The token, checked on the phone: the layout of shared/ticketing/ticket-token.ts ---
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const ulidPattern = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
  function base64url(text) {
    if (typeof text !== 'string' || !/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
    const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    try {
      const binary = atob(padded);
      const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      // Canonical only: the same bytes written back must give the same text.
      const back = btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
      return back === text ? bytes : null;
    } catch {
      return null;
    }
  }
  function readId(bytes, at) {
    const tag = bytes[at];
    if (tag === undefined) return null;
    if (tag === 0) {
      if (at + 17 > bytes.length) return null;
      let value = 0n;
      for (let i = 0; i < 16; i++) value = (value << 8n) | BigInt(bytes[at + 1 + i]);
      let id = '';
      for (let i = 0; i < 26; i++) {
        id = crockford[Number(value & 31n)] + id;
        value >>= 5n;
      }
      return { id, next: at + 17 };
    }
    if (tag > 64 || at + 1 + tag > bytes.length) return null;
    let id;
    try {
      id = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at + 1, at + 1 + tag));
    } catch {
      return null;
    }
    if (ulidPattern.test(id)) return null;
    return { id, next: at + 1 + tag };
  }
  const keyCache = new Map();
  async function verifyOffline(token) {
    const bytes = base64url(token.trim());
    if (!bytes || bytes.length < 2 + 8 + 4 + 64 || bytes[0] !== 1 || !state.list) return null;
    const key = state.list.keys.find((k) => k.keyId === bytes[1]);
    if (!key) return null;
    const signed = bytes.subarray(0, bytes.length - 64);
    const ids = [];
    let at = 2;
    for (let i = 0; i < 4; i++) {
      const read = readId(signed, at);
      if (!read) return null;
      ids.push(read.id);
      at = read.next;
    }
    if (at + 4 !== signed.length) return null;
    let publicKey = keyCache.get(key.publicKey);
    if (!publicKey) {
      publicKey = await crypto.subtle.importKey('raw', base64url(key.publicKey), { name: 'Ed25519' }, false, [
        'verify',
      ]);
      keyCache.set(key.publicKey, publicKey);
    }
    const ok = await crypto.subtle.verify('Ed25519', publicKey, bytes.subarray(bytes.length - 64), signed);
    if (!ok) return null;
    const [ticketId, orderId, eventId] = ids;
    return { ticketId, orderId, eventId };
  }

  /** The answer the phone gives alone, recorded in the queue to be uploaded later. */
  async function scanOffline(token, scanId, scannedAt) {
    let payload = null;
    try {
      payload = await verifyOffline(token);
    } catch {
      payload = null;
    }
    let answer;
    if (!payload) answer = { result: 'unknown' };
    else if (payload.eventId !== config.eventId)
      answer = { result: 'otherEvent', ticketId: payload.ticketId };
    else {
      const ticket = state.list.tickets.find((t) => t.ticketId === payload.ticketId);
      const local = state.local[payload.ticketId];
      const category = ticket && state.list.categories.find((c) => c.ticketTypeId === ticket.ticketTypeId);
      const named = category ? { category: { fr: category.fr, en: category.en } } : {};
      if (!ticket) answer = { result: 'unknown', ticketId: payload.ticketId };
      else if (ticket.status === 'cancelled')
        answer = { result: 'cancelled', ticketId: ticket.ticketId, ...named };
      else if (local || ticket.usedAt) {
        answer = {
          result: 'alreadyUsed',
          ticketId: ticket.ticketId,
          usedAt: local?.usedAt ?? ticket.usedAt,
          usedByName: local ? say('result.thisDevice') : '—',
          ...named,
        };
      } else {
        answer = { result: 'valid', ticketId: ticket.ticketId, ...named };
        state.local[ticket.ticketId] = { usedAt: scannedAt };
      }
    }
    state.queue.push({ scanId, token, scannedAt, deviceId, admitted: answer.result === 'valid' });
    save();
    refreshStatus();
    return { ...answer, scanId, scannedAt, offline: true, repeated: false };
  }

  // --- One scan: online when possible, else on the phone ---
  let busy = false;
  async function scan(token) {
    if (busy || !token.trim()) return;
    busy = true;
    const scanId = randomId();
    const scannedAt = new Date().toISOString();
    try {
      if (navigator.onLine) {
        try {
          const response = await fetch(config.scanUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ scanId, token: token.trim(), scannedAt, deviceId }),
            credentials: 'same-origin',
          });
          const body = await response.json().catch(() => null);
          if (response.ok && body) {
            if (body.result === 'valid' && body.ticketId)
              state.local[body.ticketId] = { usedAt: body.scannedAt };
            save();
            show(body);
            return;
          }
          if (body?.message && response.status < 500) {
            showError(body.message);
            return;
          }
        } catch {
          // The network went: this scan is decided on the phone and queued (same nonce).
        }
      }
      if (!state.list) {
        showError(say('offline.none'));
        return;
      }
      show(await scanOffline(token, scanId, scannedAt), { offline: true });
    } finally {
      busy = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = tokenField.value;
    scan(token).then(() => {
      tokenField.value = '';
      tokenField.focus();
    });
  });

  // --- The list and the upload ---
  async function download() {
    try {
      const response = await fetch(config.listUrl, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(String(response.status));
      const list = await response.json();
      state.list = list;
      // The server's admissions replace the phone's own once they are uploaded.
      if (state.queue.length === 0) state.local = {};
      save();
    } catch {
      // Kept as it was; the status line says what the phone holds.
    }
    refreshStatus();
  }

  let syncing = false;
  async function sync() {
    if (syncing || state.queue.length === 0 || !navigator.onLine) return;
    syncing = true;
    try {
      while (state.queue.length > 0) {
        const slice = state.queue.slice(0, maxPerSync);
        const response = await fetch(config.syncUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ scans: slice }),
          credentials: 'same-origin',
        });
        if (!response.ok) break;
        const result = await response.json();
        const sent = new Set(slice.map((s) => s.scanId));
        state.queue = state.queue.filter((s) => !sent.has(s.scanId));
        const known = new Set(state.conflicts.map((c) => c.ticketId));
        for (const conflict of result.conflicts ?? []) {
          if (!known.has(conflict.ticketId)) state.conflicts.push(conflict);
        }
        save();
        queueLine.textContent = say('offline.synced', { count: slice.length });
      }
      if (state.queue.length === 0) await download();
    } catch {
      // Tried again at the next 'online' event or tap: each scan keeps its nonce, nothing counts twice.
    } finally {
      syncing = false;
      refreshStatus();
    }
  }

  byId('door-download').addEventListener('click', download);
  byId('door-sync').addEventListener('click', sync);
  window.addEventListener('online', () => {
    refreshStatus();
    sync();
  });
  window.addEventListener('offline', refreshStatus);

  // --- The camera ---
  const cameraBox = byId('door-camera');
  const video = byId('door-video');
  const toggle = byId('door-camera-toggle');
  const cameraMessage = byId('door-camera-message');
  let stream = null;
  let detector = null;
  let lastText = '';
  let lastAt = 0;
  const canScanCamera = Boolean(navigator.mediaDevices?.getUserMedia);
  cameraBox.hidden = !canScanCamera;
  if (!canScanCamera) {
    resultBox.after(paragraph('note', say('camera.unsupported')));
  }

  function loadJsQR() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/scripts/scanner-jsqr.js';
      script.onload = () => (window.jsQR ? resolve(window.jsQR) : reject(new Error('jsQR')));
      script.onerror = reject;
      document.head.append(script);
    });
  }

  async function reader() {
    if ('BarcodeDetector' in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes('qr_code')) {
          detector ??= new window.BarcodeDetector({ formats: ['qr_code'] });
          return async () => (await detector.detect(video))[0]?.rawValue ?? null;
        }
      } catch {
        // Fall back to jsQR below.
      }
    }
    const jsQR = await loadJsQR();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    return async () => {
      const width = video.videoWidth;
      const height = video.videoHeight;
      if (!width || !height) return null;
      const scale = Math.min(1, 640 / Math.max(width, height));
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
    };
  }

  async function startCamera() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
    } catch {
      cameraMessage.textContent = say('camera.denied');
      return;
    }
    video.srcObject = stream;
    video.dataset.live = '';
    await video.play().catch(() => {});
    toggle.textContent = say('camera.stop');
    cameraMessage.textContent = '';
    const read = await reader().catch(() => null);
    if (!read) {
      cameraMessage.textContent = say('camera.unsupported');
      return;
    }
    const tick = async () => {
      if (!stream) return;
      try {
        const text = busy ? null : await read();
        const now = Date.now();
        // The same code held in front of the camera is one scan, not one per frame.
        if (text && (text !== lastText || now - lastAt > 4000)) {
          lastText = text;
          lastAt = now;
          await scan(text);
        }
      } catch {
        // A frame that could not be read: try the next one.
      }
      setTimeout(tick, 200);
    };
    tick();
  }

  function stopCamera() {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
    video.srcObject = null;
    delete video.dataset.live;
    toggle.textContent = say('camera.start');
  }

  toggle.addEventListener('click', () => (stream ? stopCamera() : startCamera()));

  refreshStatus();
  if (navigator.onLine) {
    // The list is fetched on arrival, while the network is there, and queued scans go up.
    download().then(sync);
  }
})();

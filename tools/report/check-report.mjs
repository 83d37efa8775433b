#!/usr/bin/env node
// Opens a generated Allure 3 report (single-file index.html) in headless Chromium, checks that the
// totals it shows match the run, that it loaded nothing from the network, and saves a screenshot.
// With --format cucumber it opens the Cucumber HTML report that Reqnroll's formatter writes
// (RUN/cucumber/report.html) and checks its summary ("N% (passed / total) passed") instead.
//
//   node tools/report/check-report.mjs --report RUN/report [--format allure|cucumber] [--results RUN/allure-results]
//        [--expect passed=N,failed=N,broken=N,skipped=N,unknown=N] [--screenshot FILE.png (default RUN/report-check.png)]
//        [--chromium /usr/bin/chromium] [--timeout 60]
//
// The expected totals come from --expect, or else from the statuses of the *-result.json files in
// --results (the run's own output, read independently of Allure).
// Exit codes: 0 the report shows the run; 1 it does not (wrong totals, blank page, network use);
// 2 usage or setup error (a missing file, no Chromium).
//
// Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe): no port is opened.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const STATUSES = ["passed", "failed", "broken", "skipped", "unknown"];

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = { chromium: process.env.CHROMIUM ?? "/usr/bin/chromium", timeout: 60, format: "allure" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case "--report": opts.report = value(); break;
      case "--results": opts.results = value(); break;
      case "--format": opts.format = value(); break;
      case "--expect": opts.expect = value(); break;
      case "--screenshot": opts.screenshot = value(); break;
      case "--chromium": opts.chromium = value(); break;
      case "--timeout": opts.timeout = Number(value()); break;
      case "-h": case "--help":
        console.log("usage: check-report.mjs --report DIR|index.html [--results DIR] [--expect passed=N,...] [--screenshot FILE.png] [--chromium PATH] [--timeout SECONDS]");
        process.exit(0);
        break;
      default: throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  if (!opts.report) throw new UsageError("--report is required (the report directory or its index.html)");
  if (!["allure", "cucumber"].includes(opts.format)) throw new UsageError(`--format is allure or cucumber, not '${opts.format}'`);
  if (!Number.isFinite(opts.timeout) || opts.timeout <= 0) throw new UsageError("--timeout must be a positive number of seconds");
  return opts;
}

function reportIndex(path) {
  const p = resolve(path);
  if (!existsSync(p)) throw new UsageError(`no report at ${p}: generate it first`);
  const index = statSync(p).isDirectory() ? join(p, "index.html") : p;
  if (!existsSync(index)) throw new UsageError(`no index.html in ${p}: generate the report first`);
  return index;
}

function expectedTotals(opts) {
  const totals = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  if (opts.expect) {
    for (const part of opts.expect.split(",").filter(Boolean)) {
      const [name, count] = part.split("=");
      if (!STATUSES.includes(name) || !/^\d+$/.test(count ?? "")) {
        throw new UsageError(`--expect takes status=count pairs with statuses ${STATUSES.join(", ")}; got '${part}'`);
      }
      totals[name] = Number(count);
    }
  } else if (opts.results) {
    const dir = resolve(opts.results);
    if (!existsSync(dir)) throw new UsageError(`no results directory at ${dir}`);
    const files = readdirSync(dir).filter((f) => f.endsWith("-result.json"));
    if (files.length === 0) throw new UsageError(`${dir} holds no *-result.json file`);
    for (const f of files) {
      const status = JSON.parse(readFileSync(join(dir, f), "utf8")).status;
      totals[STATUSES.includes(status) ? status : "unknown"]++;
    }
  } else {
    throw new UsageError("say what the run's totals are: --results DIR or --expect passed=N,...");
  }
  totals.total = STATUSES.reduce((sum, s) => sum + totals[s], 0);
  return totals;
}

/** A DevTools-protocol connection over Chromium's pipe (fd 3: to the browser, fd 4: from it). */
class Cdp {
  constructor(child) {
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.buffer = "";
    this.out = child.stdio[3];
    child.stdio[4].on("data", (chunk) => this.#receive(chunk));
  }

  #receive(chunk) {
    this.buffer += chunk.toString("utf8");
    let end;
    while ((end = this.buffer.indexOf("\0")) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 1);
      if (message.id && this.pending.has(message.id)) {
        const { ok, fail, method } = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) fail(new Error(`${method}: ${message.error.message}`));
        else ok(message.result);
      } else if (message.method) {
        for (const listener of this.listeners) listener(message);
      }
    }
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    const payload = { id, method, params, ...(sessionId ? { sessionId } : {}) };
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail, method });
      this.out.write(JSON.stringify(payload) + "\0");
    });
  }

  on(listener) {
    this.listeners.push(listener);
  }
}

function withDeadline(promise, seconds, what) {
  let timer;
  const deadline = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`timed out after ${seconds}s ${what}`)), seconds * 1000);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// Runs in the page: resolves once the report shows its totals (or rejects with what it saw at the deadline).
const READ_TOTALS = (timeoutMs) => `new Promise((resolve, reject) => {
  const COUNTERS = ${JSON.stringify(["total", "retries", "flaky", ...STATUSES])};
  const read = () => {
    const loader = document.querySelector(".allure-app-loader");
    const items = [...document.querySelectorAll('[data-testid^="metadata-item-"]')];
    if (!document.querySelector('[data-testid="metadata-item-total"]') || (loader && loader.offsetParent !== null)) return null;
    const shown = {};
    for (const item of items) {
      const name = item.getAttribute("data-testid").slice("metadata-item-".length);
      if (!COUNTERS.includes(name)) continue; // key/value items are the environment's metadata
      const value = item.querySelector('[data-testid="metadata-value"]');
      shown[name] = value ? Number((value.textContent || "").replace(/[^0-9]/g, "")) : NaN;
    }
    return { shown, title: document.title.trim(), heading: (document.querySelector('[data-testid="report-title"]') || {}).textContent || "" };
  };
  const done = (result) => { observer.disconnect(); clearTimeout(timer); requestAnimationFrame(() => requestAnimationFrame(() => resolve(result))); };
  const observer = new MutationObserver(() => { const r = read(); if (r) done(r); });
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error("the report did not show its totals; last text seen: " + (document.body ? document.body.innerText.slice(0, 300).replace(/\\s+/g, " ") : "(no body)")));
  }, ${timeoutMs});
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  const first = read();
  if (first) done(first);
})`;

// Runs in the page: resolves once the Cucumber HTML report shows its summary, e.g. "99% (370 / 373) passed".
const READ_CUCUMBER_TOTALS = (timeoutMs) => `new Promise((resolve, reject) => {
  const read = () => {
    const status = document.querySelector('[data-testid="cucumber.summary.status"]');
    const m = status && /\\((\\d+) \\/ (\\d+)\\) passed/.exec(status.textContent || "");
    if (!m) return null;
    return { shown: { passed: Number(m[1]), total: Number(m[2]) }, heading: (status.textContent || "").trim() };
  };
  const done = (result) => { observer.disconnect(); clearTimeout(timer); requestAnimationFrame(() => requestAnimationFrame(() => resolve(result))); };
  const observer = new MutationObserver(() => { const r = read(); if (r) done(r); });
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error("the Cucumber report did not show its summary; last text seen: " + (document.body ? document.body.innerText.slice(0, 300).replace(/\\s+/g, " ") : "(no body)")));
  }, ${timeoutMs});
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  const first = read();
  if (first) done(first);
})`;

async function check(opts) {
  const index = reportIndex(opts.report);
  const expected = expectedTotals(opts);
  if (!existsSync(opts.chromium)) {
    throw new UsageError(`Chromium not found at ${opts.chromium}: install it with 'apt-get install -y --no-install-recommends chromium' or pass --chromium PATH`);
  }
  // Default: beside the report directory, i.e. in the run directory (RUN/allure-report/index.html → RUN/report-check.png).
  const screenshot = resolve(opts.screenshot ?? join(dirname(dirname(index)), "report-check.png"));

  const profile = mkdtempSync(join(tmpdir(), "nova-report-check-"));
  const args = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`,
    "--remote-debugging-pipe", "--window-size=1440,1000", "--hide-scrollbars", "about:blank",
  ];
  const child = spawn(opts.chromium, args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr = (stderr + d.toString()).slice(-4000); });
  const exited = new Promise((ok) => child.on("exit", (code, signal) => ok({ code, signal })));
  child.on("error", () => {});

  let cdp;
  try {
    cdp = new Cdp(child);
    const started = await withDeadline(Promise.race([
      cdp.send("Target.getTargets"),
      exited.then(({ code }) => { throw new Error(`Chromium exited (code ${code}) before it answered: ${stderr.trim().split("\n").slice(-3).join(" | ")}`); }),
    ]), opts.timeout, "waiting for Chromium to start");
    const page = started.targetInfos.find((t) => t.type === "page");
    if (!page) throw new Error("Chromium opened no page");
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: page.targetId, flatten: true }, undefined);

    const external = [];
    cdp.on((event) => {
      if (event.sessionId === sessionId && event.method === "Network.requestWillBeSent") {
        const url = event.params.request.url;
        if (!/^(file|data|blob|about|chrome|devtools):/.test(url)) external.push(url);
      }
    });
    await cdp.send("Network.enable", {}, sessionId);
    await cdp.send("Page.enable", {}, sessionId);
    await cdp.send("Emulation.setDeviceMetricsOverride", { width: 1440, height: 1000, deviceScaleFactor: 1, mobile: false }, sessionId);
    await cdp.send("Page.navigate", { url: pathToFileURL(index).href }, sessionId);

    const evaluation = await withDeadline(
      cdp.send("Runtime.evaluate", { expression: (opts.format === "cucumber" ? READ_CUCUMBER_TOTALS : READ_TOTALS)(opts.timeout * 1000), awaitPromise: true, returnByValue: true }, sessionId),
      opts.timeout + 5, "waiting for the report to render");
    const shot = await cdp.send("Page.captureScreenshot", { format: "png" }, sessionId);
    mkdirSync(dirname(screenshot), { recursive: true });
    writeFileSync(screenshot, Buffer.from(shot.data, "base64"));
    if (evaluation.exceptionDetails) {
      const text = evaluation.exceptionDetails.exception?.description ?? evaluation.exceptionDetails.text;
      return { ok: false, lines: [`report check: ${String(text).split("\n")[0]}`, `screenshot: ${screenshot}`] };
    }

    const { shown, heading } = evaluation.result.value;
    const problems = [];
    if (opts.format === "cucumber") {
      if (shown.total !== expected.total) problems.push(`total: shown ${shown.total}, run ${expected.total}`);
      if (shown.passed !== expected.passed) problems.push(`passed: shown ${shown.passed}, run ${expected.passed}`);
      if (external.length > 0) problems.push(`the report is not offline: it requested ${[...new Set(external)].slice(0, 3).join(", ")}`);
      const lines = problems.length === 0
        ? [`report check: Cucumber report '${heading}' shows total=${shown.total} passed=${shown.passed}, as the run; no network request`, `screenshot: ${screenshot}`]
        : [`report check FAILED: ${problems.join("; ")}`, `screenshot: ${screenshot}`];
      return { ok: problems.length === 0, lines };
    }
    const shownTotal = shown.total;
    if (shownTotal !== expected.total) problems.push(`total: shown ${shownTotal ?? "(none)"}, run ${expected.total}`);
    for (const status of STATUSES) {
      const value = shown[status] ?? 0; // the report leaves out statuses with no test
      if (value !== expected[status]) problems.push(`${status}: shown ${value}, run ${expected[status]}`);
    }
    // Results that share a test case and parameters are folded into one test as retries: the run's counts would not show.
    if ((shown.retries ?? 0) > 0) problems.push(`the report folded ${shown.retries} result(s) into retries of other tests`);
    if (external.length > 0) problems.push(`the report is not offline: it requested ${[...new Set(external)].slice(0, 3).join(", ")}`);

    const summary = ["total", ...STATUSES].map((s) => `${s}=${s === "total" ? shownTotal : shown[s] ?? 0}`).join(" ");
    const lines = problems.length === 0
      ? [`report check: '${heading.trim()}' shows ${summary}, as the run; no network request`, `screenshot: ${screenshot}`]
      : [`report check FAILED: ${problems.join("; ")}`, `screenshot: ${screenshot}`];
    return { ok: problems.length === 0, lines };
  } finally {
    // Ask the browser to close (it then exits with all its helper processes), and wait for it.
    if (cdp && child.exitCode === null && child.signalCode === null) {
      await withDeadline(cdp.send("Browser.close"), 5, "closing Chromium").catch(() => {});
    }
    const gone = await withDeadline(exited, 10, "waiting for Chromium to exit").then(() => true, () => false);
    if (!gone) {
      child.kill("SIGKILL");
      await withDeadline(exited, 5, "waiting for Chromium to die").catch(() => {});
    }
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      console.error(`check-report: warning: could not remove the temporary profile ${profile}: ${e.message}`);
    }
  }
}

try {
  const opts = parseArgs(process.argv.slice(2));
  const { ok, lines } = await check(opts);
  for (const line of lines) console.log(line);
  process.exit(ok ? 0 : 1);
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`check-report: ${e.message}`);
    process.exit(2);
  }
  console.error(`check-report: ${e.message}`);
  process.exit(1);
}

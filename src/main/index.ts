import { app, dialog, ipcMain, Menu, protocol, screen, session, type BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { IntegrityError, openCore, type Core } from './core/open-core';
import { startSyncLoop, type SyncLoop } from './core/sync/loop';
import { safeStorageCredentialPath, safeStorageCredentialStore } from './sync-credential';
import { readSettings } from './core/settings/settings-store';
import { startChores, type Chores } from './chores';
import { installApplicationMenu } from './app-menu';
import { APP_SCHEME_PRIVILEGES, createAppRequestHandler } from './app-protocol';
import { watchCounterMode } from './counter-mode';
import { registerCoreIpc, registerShellIpc, type AdapterLogger } from './ipc-adapter';
import { builtPaths, resolveDbPath } from './paths';
import { restoreLatestBackup } from './restore-latest-backup';
import { APP_SCHEME, isTrustedSender, rendererEntryUrl, trustedOrigins, type SenderFacts } from './security';
import { createShellServices } from './shell-services';
import { checkLaunchSwitches } from './launch-switches';
import { safeStorageKeyPath, safeStorageKeyStore } from './key-store';
import { reportWorkerIn } from './report-worker';
import { jobWorkerIn } from './job-worker';
import { describeStartupFailure } from './startup-failure';
import { mainTexts, storeLocale } from './main-texts';
import {
  createMainWindow,
  hardenSession,
  hardenWebContents,
  setCounterMode,
  windowFactsOf,
  workAreaForNewWindow,
} from './window';

/*
 * Electron lifecycle only. Everything that decides anything lives in a tested module:
 * security.ts (trust), app-protocol.ts (serving the renderer), ipc-adapter.ts (IPC →
 * core dispatcher), window.ts (window options and guards), and the core itself.
 */

const log: AdapterLogger = {
  warn: (message) => console.warn(`[perkdesk] ${message}`),
  error: (message, err) => console.error(`[perkdesk] ${message}`, err ?? ''),
};

// Before anything else: a packaged build started with a debugging or sandbox-disabling
// switch explains and exits (launch-switches.ts); a development build only warns.
const launch = checkLaunchSwitches({
  argv: process.argv,
  hasSwitch: (name) => app.commandLine.hasSwitch(name),
  isPackaged: app.isPackaged,
});
if (launch.action === 'warn') log.warn(launch.message);

// Both must happen before 'ready': privileged schemes can't be registered later, and
// enableSandbox() makes every renderer sandboxed whatever its webPreferences say.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

const mainDir = import.meta.dirname;
let core: Core | null = null;
/** Head office sync in the background (a standalone terminal: one small read per idle period). */
let syncLoop: SyncLoop | null = null;
let chores: Chores | null = null;
let mainWindow: BrowserWindow | null = null;
// Dialog texts: English until the store is open, then in the store's language.
let texts = mainTexts('en');

async function confirmRestore(candidate: { name: string; createdAt: number }): Promise<boolean> {
  const answer = await dialog.showMessageBox({
    type: 'question',
    title: texts.appName,
    ...texts.restoreConfirm(candidate),
    buttons: [texts.buttons.restore, texts.buttons.quit],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  return answer.response === 0;
}

/**
 * A large store is checked in the background while the counter already works (see
 * openCore). Damage found then gets the same offer as at start-up: restore the latest
 * good backup (after closing the store) and restart.
 */
async function offerRestoreAfterBackgroundCheck(dbPath: string, problems: string[]) {
  const failure = describeStartupFailure(new IntegrityError(problems), dbPath, texts);
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: texts.appName,
    message: failure.title,
    detail: failure.message,
    buttons: [texts.buttons.restoreLatestAndRestart, texts.buttons.keepWorking],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return;
  void syncLoop?.stop();
  syncLoop = null;
  chores?.stop();
  core?.close();
  core = null;
  const outcome = await restoreLatestBackup({
    dbPath,
    backupDir: join(dirname(dbPath), 'backups'),
    confirm: confirmRestore,
  });
  log.warn(outcome.message);
  app.relaunch();
  app.exit(0);
}

/**
 * Opens the store. On an integrity failure the cashier may restore the latest backup
 * (restore-latest-backup.ts, over the offline area's start-up recovery) and we try once more.
 */
async function openCoreOrExplain(dbPath: string): Promise<Core | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return openCore({
        dbPath,
        keyStore: safeStorageKeyStore(safeStorageKeyPath(dbPath)),
        sync: { credentials: safeStorageCredentialStore(safeStorageCredentialPath(dbPath)) },
        reportWorker: reportWorkerIn(mainDir),
        jobWorker: jobWorkerIn(mainDir),
      });
    } catch (err) {
      log.error('could not open the store', err);
      const failure = describeStartupFailure(err, dbPath, texts);
      const { restoreLatest, quit } = texts.buttons;
      const buttons = failure.offerRestore && attempt === 0 ? [restoreLatest, quit] : [quit];
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: texts.appName,
        message: failure.title,
        detail: failure.message,
        buttons,
        defaultId: buttons.length - 1,
        cancelId: buttons.length - 1,
        noLink: true,
      });
      if (buttons[response] !== restoreLatest) return null;
      const backupDir = join(dirname(dbPath), 'backups');
      const outcome = await restoreLatestBackup({
        dbPath,
        backupDir,
        confirm: confirmRestore,
      });
      if (outcome.restored) log.warn(outcome.message);
      if (!outcome.restored) {
        if (!outcome.declined) {
          await dialog.showMessageBox({
            type: 'error',
            title: texts.appName,
            ...texts.noBackupRestored(backupDir),
            buttons: [quit],
          });
        }
        return null;
      }
    }
  }
  return null;
}

async function start(): Promise<void> {
  const dbPath = resolveDbPath(app.getPath('userData'));
  core = await openCoreOrExplain(dbPath);
  if (!core) {
    app.quit();
    return;
  }
  texts = mainTexts(storeLocale(core));
  chores = startChores(core, { log });
  syncLoop = startSyncLoop(core);
  void core.integrity.then((problems) => {
    if (problems.length > 0) void offerRestoreAfterBackgroundCheck(dbPath, problems);
  });

  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const origins = trustedOrigins({ devServerUrl, isPackaged: app.isPackaged });
  const paths = builtPaths(mainDir);

  protocol.handle(APP_SCHEME, createAppRequestHandler({ rootDir: paths.renderer }));
  hardenSession(session.defaultSession, origins);
  installApplicationMenu(Menu, process.platform, app.isPackaged);

  // Registered before the window exists so the renderer's first call finds a handler;
  // the check reads the window at call time.
  const store = core; // narrowed: the closures below outlive this check
  const isTrusted = (event: SenderFacts) => isTrustedSender(event, windowFactsOf(mainWindow), origins);
  const dispatch = watchCounterMode(
    store.dispatch,
    () => readSettings(store.db).counterMode,
    (mode) => {
      if (mainWindow) setCounterMode(mainWindow, mode, screen);
    },
    (message, err) => log.error(message, err),
  );
  registerCoreIpc({ ipcMain, dispatch, isTrustedSender: isTrusted, log });
  const services = createShellServices(() => mainWindow, {
    suggestedFolder: () => readSettings(store.db).exportDir || null,
    log: (message) => log.warn(message),
  });
  registerShellIpc({ ipcMain, services, isTrustedSender: isTrusted, log });

  mainWindow = createMainWindow({
    preloadPath: paths.preload,
    isPackaged: app.isPackaged,
    entryUrl: rendererEntryUrl({ devServerUrl, isPackaged: app.isPackaged }),
    iconPath: join(app.getAppPath(), 'resources', 'icon.png'),
    workArea: workAreaForNewWindow(screen),
    counterMode: readSettings(store.db).counterMode,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  // A crashed renderer (out of memory, GPU fault) must not leave a dead counter
  // screen: log it and load the app again (the cashier signs in again).
  mainWindow.webContents.on('render-process-gone', (_event, details) => {
    log.error(`renderer gone: ${details.reason} (exit code ${details.exitCode})`);
    if (details.reason !== 'clean-exit') mainWindow?.webContents.reload();
  });
}

if (launch.action === 'refuse') {
  log.error(launch.message);
  // Before the store is open, so in English like the other start-up dialogs.
  dialog.showErrorBox(texts.appName, texts.launchRefused(launch.switches));
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // One terminal, one writer: a second launch focuses the running window instead of
  // opening the same SQLite file again.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (m) => log.warn(m)));
  // A counter terminal quits with its window, on macOS too.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void syncLoop?.stop(); // a round in flight finds the store closed and ends
    syncLoop = null;
    chores?.stop();
    chores = null;
    core?.close();
    core = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((err) => {
      log.error('start-up failed', err);
      dialog.showErrorBox(texts.appName, texts.startup.couldNotStart(err instanceof Error ? err.message : String(err)));
      app.exit(1);
    });
}

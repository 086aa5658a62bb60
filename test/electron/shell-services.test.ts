import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebContents } from './fixtures/electron45.mjs';

const base = mkdtempSync(join(tmpdir(), 'perkdesk-shell-'));
const folders = {
  documents: join(base, 'Documents'),
  downloads: join(base, 'Downloads'),
  home: base,
  exports: join(base, 'exports'),
  picked: join(base, 'picked'),
};
for (const f of Object.values(folders)) mkdirSync(f, { recursive: true });

const electron = vi.hoisted(() => ({
  paths: {} as Record<string, string>,
  showOpenDialog: null as unknown as ReturnType<typeof vi.fn>,
}));
vi.mock('electron', async () => {
  const { vi } = await import('vitest');
  electron.showOpenDialog = vi.fn(async () => ({ canceled: true, filePaths: [] as string[] }));
  return {
    app: {
      getPath: (name: string) => {
        const p = electron.paths[name];
        if (!p) throw new Error(`Failed to get '${name}' path`);
        return p;
      },
    },
    dialog: { showOpenDialog: electron.showOpenDialog },
  };
});

const { createShellServices, isPrintCancelled, startFolder } = await import('../../src/main/shell-services');

afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => {
  electron.paths = { documents: folders.documents, downloads: folders.downloads, home: folders.home };
  electron.showOpenDialog.mockReset();
  electron.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
});

function windowWith(contents: FakeWebContents) {
  return { isDestroyed: () => false, webContents: contents } as never;
}

const ours = { sender: { id: 1 }, senderFrame: null };

describe('print', () => {
  it.each([
    [true, '', { ok: true }],
    [false, 'cancelled', { ok: true, cancelled: true }],
    [false, 'canceled', { ok: true, cancelled: true }],
    [false, 'Print job canceled', { ok: true, cancelled: true }],
    [false, 'Print job failed', { ok: false }],
    [false, 'Invalid printer settings', { ok: false }],
    [false, 'failed', { ok: false }],
  ])('success %s, failureReason %j → %j', async (success, failureReason, expected) => {
    const contents = new FakeWebContents({ id: 1 });
    contents.printOutcome = { success, failureReason };
    const log = vi.fn();
    const services = createShellServices(() => windowWith(contents), { log });
    expect(await services.print(ours)).toEqual(expected);
    expect(contents.printCalls).toEqual([{ silent: false, printBackground: true }]);
    // Only a real failure is worth a line in the log.
    expect(log).toHaveBeenCalledTimes(expected.ok ? 0 : 1);
  });

  it('a cancel is recognised in any of the texts Electron has used', () => {
    expect(['cancelled', 'canceled', 'Print job canceled', 'Print job cancelled'].every(isPrintCancelled)).toBe(true);
    expect([undefined, '', 'failed', 'Print job failed', 42].some(isPrintCancelled)).toBe(false);
  });

  it('no window: not ok, nothing printed', async () => {
    expect(await createShellServices(() => null).print(ours)).toEqual({ ok: false });
  });
});

describe('chooseFolder', () => {
  const defaultPathOfLastCall = () =>
    (electron.showOpenDialog.mock.calls.at(-1)!.at(-1) as { defaultPath?: string }).defaultPath;

  it('opens at the configured export folder, then at the one picked last', async () => {
    electron.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [folders.picked] });
    const services = createShellServices(() => null, { suggestedFolder: () => folders.exports });
    expect(await services.chooseFolder(ours)).toBe(folders.picked);
    expect(defaultPathOfLastCall()).toBe(folders.exports);
    await services.chooseFolder(ours);
    expect(defaultPathOfLastCall()).toBe(folders.picked);
  });

  it('nothing configured: Documents; no Documents: Downloads; neither: home', async () => {
    const services = createShellServices(() => null, { suggestedFolder: () => null });
    await services.chooseFolder(ours);
    expect(defaultPathOfLastCall()).toBe(folders.documents);
    electron.paths = { downloads: folders.downloads, home: folders.home };
    await services.chooseFolder(ours);
    expect(defaultPathOfLastCall()).toBe(folders.downloads);
    electron.paths = { documents: join(base, 'gone'), home: folders.home };
    await services.chooseFolder(ours);
    expect(defaultPathOfLastCall()).toBe(folders.home);
  });

  it('a configured folder that no longer exists (a pulled USB stick) is skipped; a cancel changes nothing', async () => {
    const services = createShellServices(() => null, { suggestedFolder: () => join(base, 'usb', 'exports') });
    expect(await services.chooseFolder(ours)).toBeNull();
    expect(defaultPathOfLastCall()).toBe(folders.documents);
    await services.chooseFolder(ours);
    expect(defaultPathOfLastCall()).toBe(folders.documents);
  });

  it('opens as a sheet of our window when there is one, folders only', async () => {
    const win = windowWith(new FakeWebContents({ id: 1 }));
    await createShellServices(() => win).chooseFolder(ours);
    const [parent, options] = electron.showOpenDialog.mock.calls[0]!;
    expect(parent).toBe(win);
    expect(options).toMatchObject({ properties: ['openDirectory', 'createDirectory'] });
  });

  it('startFolder takes only absolute folders that exist', () => {
    expect(startFolder([null, undefined, '', 'relative/path', join(base, 'nope'), folders.downloads])).toBe(
      folders.downloads,
    );
    expect(startFolder([])).toBeUndefined();
  });
});

/**
 * `--report <file.html>` and `--report-dir <dir>`: what the run reported besides its result (snapshots,
 * round-trip samples) is collected from its events, then written as one self-contained HTML file, or as a
 * folder for CI artifacts (report.html, report.json, junit.xml, snapshots/*.jpg).
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RtcdemoEvent } from '../core/events.js';
import type { CallTestResult } from '../core/call-test/result.js';
import { EnvironmentError, UsageError } from '../core/errors.js';
import type { HtmlReportModel, ReportExtras, RttSamplesEvent, SnapshotEvent } from './render/html-report/report-model.js';
import { buildCallTestReportModel } from './render/html-report/report-model.js';
import { buildCallReportModel } from './render/html-report/call-report-model.js';
import type { CallReport } from '../core/call.js';
import { renderHtmlReport } from './render/html-report/render-html.js';
import { renderJUnit } from './render/junit.js';

export interface ReportTargets {
  /** --report: one HTML file. */
  file?: string;
  /** --report-dir: report.html, report.json, junit.xml and the snapshots. */
  dir?: string;
}

export const wantsReport = (targets: ReportTargets): boolean => targets.file !== undefined || targets.dir !== undefined;

/** Collects the events the HTML report needs (it ignores every other kind). */
export class ReportMaterial {
  readonly snapshots: SnapshotEvent[] = [];
  readonly rttSamples: RttSamplesEvent[] = [];

  readonly onEvent = (event: RtcdemoEvent): void => {
    if (event.type === 'video-snapshot') this.snapshots.push(event);
    else if (event.type === 'data-check-rtt') this.rttSamples.push(event);
  };

  extras(networkProfile: string | null = null): ReportExtras {
    return { snapshots: this.snapshots, rttSamples: this.rttSamples, os: `${os.type()} ${os.release()}`, networkProfile };
  }
}

/** Fails before a run, not after it, when a report can't be written there. */
export function checkReportTargets(targets: ReportTargets): void {
  if (targets.file !== undefined) {
    const dir = path.dirname(path.resolve(targets.file));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--report ${targets.file}: the folder ${dir} does not exist`);
    if (existsSync(targets.file) && statSync(targets.file).isDirectory()) throw new UsageError(`--report ${targets.file} is a folder; give a file name such as report.html (or use --report-dir)`);
  }
  if (targets.dir !== undefined) {
    const parent = path.dirname(path.resolve(targets.dir));
    if (existsSync(targets.dir) && !statSync(targets.dir).isDirectory()) throw new UsageError(`--report-dir ${targets.dir} is a file; give a folder (it is created if missing)`);
    if (!existsSync(parent)) throw new UsageError(`--report-dir ${targets.dir}: the folder ${parent} does not exist`);
  }
}

export async function writeCallTestReports(result: CallTestResult, material: ReportMaterial, targets: ReportTargets): Promise<string[]> {
  const model = buildCallTestReportModel(result, material.extras(result.network?.profile ?? null));
  const html = renderHtmlReport(model);
  const written: string[] = [];
  const write = async (file: string, content: string | Buffer, flag: string) => {
    await writeFile(file, content).catch((error: NodeJS.ErrnoException) => {
      throw new EnvironmentError(`could not write ${flag} ${file}: ${error.code ?? error.message}`);
    });
    written.push(file);
  };
  if (targets.file !== undefined) await write(targets.file, html, '--report');
  if (targets.dir !== undefined) {
    const dir = targets.dir;
    await mkdir(path.join(dir, 'snapshots'), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw new EnvironmentError(`could not create --report-dir ${dir}: ${error.code ?? error.message}`);
    });
    await write(path.join(dir, 'report.html'), html, '--report-dir');
    await write(path.join(dir, 'report.json'), `${JSON.stringify(result, null, 2)}\n`, '--report-dir');
    await write(path.join(dir, 'junit.xml'), renderJUnit(result), '--report-dir');
    for (const [name, bytes] of snapshotFiles(model)) await write(path.join(dir, 'snapshots', name), bytes, '--report-dir');
  }
  return written;
}

/** Each embedded snapshot as a file (name from the model, bytes decoded from its data URL). */
export function snapshotFiles(model: HtmlReportModel): Array<[string, Buffer]> {
  return model.sections.flatMap((s) =>
    s.directions.flatMap((d) => d.snapshots.flatMap((shot): Array<[string, Buffer]> => (shot.dataUrl ? [[shot.fileName, Buffer.from(shot.dataUrl.slice(shot.dataUrl.indexOf(',') + 1), 'base64')]] : []))),
  );
}

/** `rtcdemo call --report`: the call's one HTML file. */
export async function writeCallReport(report: CallReport, material: ReportMaterial, context: { file: string; serverUrl: string; version: string; startedAt: string }): Promise<void> {
  const model = buildCallReportModel(report, {
    serverUrl: context.serverUrl,
    version: context.version,
    os: `${os.type()} ${os.release()}`,
    platform: `${process.platform}-${process.arch}`,
    startedAt: context.startedAt,
    snapshots: material.snapshots,
  });
  await writeFile(context.file, renderHtmlReport(model)).catch((error: NodeJS.ErrnoException) => {
    throw new EnvironmentError(`could not write --report ${context.file}: ${error.code ?? error.message}`);
  });
}

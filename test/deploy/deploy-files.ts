import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** The deployment files, read from the repository as they are committed. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const KUBERNETES_DIR = 'deploy/k8s';
/** The image every sync-engine process runs (compose tags it locally; kustomize rewrites it). */
export const APP_IMAGE = 'sync-engine';

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}

/** Parses YAML as docker compose does, with `<<` merge keys. */
export function readYaml<T>(relative: string): T {
  return parse(readRepoFile(relative), { merge: true }) as T;
}

/** KEY=VALUE lines, as kustomize's `envs` reads them (blank lines and `#` comments skipped). */
export function readEnvFile(relative: string): Record<string, string> {
  const entries = readRepoFile(relative)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const equals = line.indexOf('=');
      if (equals < 1) throw new Error(`${relative}: not a KEY=VALUE line: ${line}`);
      return [line.slice(0, equals), line.slice(equals + 1)] as const;
    });
  return Object.fromEntries(entries);
}

/** The name of an image without its tag or digest: `postgres:18-alpine` → `postgres`. */
export function imageName(image: string): string {
  return image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
}

export function kubernetesFiles(): string[] {
  return readdirSync(path.join(REPO_ROOT, KUBERNETES_DIR))
    .filter((name) => !name.startsWith('.'))
    .sort();
}

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly spec?: unknown;
  /** The file it came from, relative to the repository. */
  readonly file: string;
}

/** Every object of every YAML manifest in deploy/k8s (kustomization.yaml excepted). */
export function kubernetesObjects(): KubernetesObject[] {
  return kubernetesFiles()
    .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
    .flatMap((name) => {
      const file = `${KUBERNETES_DIR}/${name}`;
      return parseAllDocuments(readRepoFile(file)).map(
        (document) => ({ ...(document.toJS() as object), file }) as KubernetesObject,
      );
    });
}

export interface Kustomization {
  readonly namespace?: string;
  readonly resources?: readonly string[];
  readonly configMapGenerator?: readonly GeneratorEntry[];
  readonly secretGenerator?: readonly GeneratorEntry[];
  readonly images?: readonly { readonly name: string; readonly newName?: string; readonly newTag?: string }[];
}

export interface GeneratorEntry {
  readonly name: string;
  readonly envs?: readonly string[];
  readonly files?: readonly string[];
}

export function kustomization(): Kustomization {
  return readYaml<Kustomization>(`${KUBERNETES_DIR}/kustomization.yaml`);
}

/**
 * The committed file behind an env file a generator reads: `secret.env` is never committed (and may
 * hold real secrets on an operator's machine); its template `secret.env.example` is.
 */
export function committedEnvFile(file: string): string {
  const template = `${file}.example`;
  return `${KUBERNETES_DIR}/${kubernetesFiles().includes(template) ? template : file}`;
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { readRepoFile, REPO_ROOT } from './deploy-files';
import { environmentOf, execForm, isIgnoredByDockerignore, readDockerfile, type Stage } from './dockerfile';

const instructions = (stage: Stage | undefined, keyword: string) =>
  (stage?.instructions ?? []).filter((instruction) => instruction.keyword === keyword);

describe('Dockerfile', () => {
  const { stages } = readDockerfile();
  const runtime = stages.at(-1);
  const build = stages.find((stage) => stage.name === 'build');

  it('builds in one stage and runs from another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    expect(runtime).not.toBe(build);
    const fromBuild = instructions(runtime, 'COPY').filter((copy) => copy.value.startsWith('--from=build '));
    expect(fromBuild.map((copy) => copy.value)).toEqual([expect.stringMatching(/\/dist \.\/dist$/)]);
  });

  it('installs and builds with npm ci, skipping the Temporal dev binaries', () => {
    const npmCi = instructions(build, 'RUN').find((run) => /\bnpm ci\b/.test(run.value));
    expect(npmCi).toBeDefined();
    const inline = /\bSYNC_ENGINE_SKIP_TEMPORAL_BINARIES=1\b/.test(npmCi?.value ?? '');
    const before = build?.instructions.slice(0, build.instructions.indexOf(npmCi!)) ?? [];
    const fromEnv = before.some(
      (instruction) =>
        instruction.keyword === 'ENV' && /\bSYNC_ENGINE_SKIP_TEMPORAL_BINARIES=1\b/.test(instruction.value),
    );
    expect(inline || fromEnv).toBe(true);
    expect(npmCi?.value).not.toMatch(/--ignore-scripts|--omit/);
  });

  it('installs production dependencies only, without install scripts, in the runtime stage', () => {
    const npmCi = instructions(runtime, 'RUN').find((run) => /\bnpm ci\b/.test(run.value));
    expect(npmCi?.value).toMatch(/--omit=dev\b/);
    expect(npmCi?.value).toMatch(/--ignore-scripts\b/);
    expect(environmentOf(runtime!)).toMatchObject({ NODE_ENV: 'production' });
  });

  it('runs as a non-root user given by number', () => {
    const user = instructions(runtime, 'USER').at(-1)?.value ?? 'root';
    const [name = ''] = user.split(':');
    expect(name).toMatch(/^\d+$/);
    expect(name).not.toBe('0');
  });

  it('runs the CLI, as a worker by default', () => {
    expect(execForm(instructions(runtime, 'ENTRYPOINT').at(-1))).toEqual(['node', 'bin/sync-engine.js']);
    expect(execForm(instructions(runtime, 'CMD').at(-1))).toEqual(['worker']);
  });

  it('ships the compiled code, the pre-bundled workflows, the bin and the package manifest', () => {
    const copied = instructions(runtime, 'COPY').map((copy) => copy.value);
    expect(copied).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^package\.json package-lock\.json /),
        expect.stringMatching(/^bin /),
        expect.stringMatching(/^--from=build \/app\/dist /),
      ]),
    );
    // The build writes the bundle into dist/ (workers/workflow-bundle.ts) and checks it is there.
    expect(instructions(build, 'RUN').some((run) => run.value.includes('dist/workflow-bundle.js'))).toBe(
      true,
    );
  });

  it('has a health check that the image contains', () => {
    const command = execForm(instructions(runtime, 'HEALTHCHECK').at(-1)) ?? [];
    expect(command.slice(0, 1)).toEqual(['node']);
    const script = command[1] ?? '';
    expect(existsSync(path.join(REPO_ROOT, script))).toBe(true);
    expect(instructions(runtime, 'COPY').some((copy) => copy.value.startsWith(`${script} `))).toBe(true);
  });

  it('is based on a Node.js release the package supports', () => {
    const engines = (JSON.parse(readRepoFile('package.json')) as { engines: { node: string } }).engines.node;
    const minimumMajor = Number(/(\d+)/.exec(engines)?.[1]);
    for (const stage of stages) {
      const major = Number(/^node:(\d+)/.exec(stage.base)?.[1]);
      expect({ base: stage.base, supported: major >= minimumMajor }).toEqual({
        base: stage.base,
        supported: true,
      });
    }
  });
});

describe('.dockerignore', () => {
  const dockerignore = readRepoFile('.dockerignore');
  const { stages } = readDockerfile();

  it('keeps local installs, builds, state and secrets out of the build context', () => {
    for (const ignored of [
      'node_modules/pg/index.js',
      'dist/workflow-bundle.js',
      '.tools/temporal/bin/temporal',
      '.sync-engine/secret-key',
      'demo/x',
      'coverage/lcov.info',
      '.git/HEAD',
      '.env',
      'test/deploy/dockerfile.test.ts',
      'deploy/k8s/secret.env',
    ])
      expect({ ignored, excluded: isIgnoredByDockerignore(ignored, dockerignore) }).toEqual({
        ignored,
        excluded: true,
      });
  });

  it('sends every file the Dockerfile copies from the context', () => {
    const sources = stages
      .flatMap((stage) => stage.instructions)
      .filter((instruction) => instruction.keyword === 'COPY' && !instruction.value.startsWith('--from='))
      .flatMap((copy) => copy.value.split(/\s+/).slice(0, -1))
      .filter((source) => source !== '.');
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources)
      expect({ source, sent: !isIgnoredByDockerignore(source, dockerignore) }).toEqual({
        source,
        sent: true,
      });
  });

  it('sends what the build needs', () => {
    for (const needed of [
      'package.json',
      'package-lock.json',
      'tsconfig.build.json',
      'workflows/index.ts',
      'bin/sync-engine.js',
    ])
      expect({ needed, sent: !isIgnoredByDockerignore(needed, dockerignore) }).toEqual({
        needed,
        sent: true,
      });
  });
});

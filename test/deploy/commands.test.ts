import { buildProgram } from '../../client/cli/main';
import { configSchema } from '../../config/config';
import { probeFor, SANDBOX_DEFAULT_PORT } from '../../deploy/docker/healthcheck.cjs';
import { usageProblem } from './cli-usage';
import { allContainers, commandOf, imageDefaultArgv, isAppImage } from './processes';

describe('sync-engine command lines in the deployment files', () => {
  const program = buildProgram();
  const appContainers = allContainers().filter((container) => isAppImage(container.image));

  it('finds the processes to check', () => {
    const commands = appContainers.map((container) => commandOf(container.argv));
    expect(commands).toEqual(expect.arrayContaining(['worker', 'webhooks', 'migrate', 'schedules apply']));
  });

  it('are commands and options that the CLI has', () => {
    const problems = [
      ...appContainers.map((container) => ({ source: container.source, argv: container.argv })),
      { source: 'Dockerfile CMD', argv: imageDefaultArgv() },
    ].flatMap(({ source, argv }) => {
      const problem = usageProblem(program, argv);
      return problem ? [`${source}: sync-engine ${argv.join(' ')}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('include the commands the image health check knows', () => {
    const ports = configSchema.parse({});
    for (const role of ['worker', 'webhooks', 'sandbox']) {
      expect(probeFor(['node', 'bin/sync-engine.js', role], ports)).toBeDefined();
      expect(usageProblem(program, [role])).toBeUndefined();
    }
  });

  it("agree with the health check on the sandbox's default port", () => {
    const sandbox = program.commands.find((command) => command.name() === 'sandbox');
    const port = sandbox?.options.find((option) => option.long === '--port');
    expect(Number(port?.defaultValue)).toBe(SANDBOX_DEFAULT_PORT);
  });
});

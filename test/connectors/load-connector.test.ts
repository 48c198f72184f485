import { z } from 'zod';
import { type ConnectorDefinition, defineEntity } from '../../connectors/connector-definition';
import { hrConnector } from '../../connectors/hr';
import { loadConnector } from '../../connectors/load-connector';
import { connectorNames, getConnector } from '../../connectors/registry';
import { ticketingConnector } from '../../connectors/ticketing';

function entity(name: string, dependsOn: string[], table = `t_${name}`) {
  return defineEntity<{ id: string }, { label: string }>({
    name,
    dependsOn,
    paths: { list: `/v1/${name}`, get: `/v1/${name}/{id}`, ids: `/v1/${name}/ids` },
    schema: z.object({ id: z.string() }),
    table,
    columns: { label: 'text' },
    transform: (record) => ({ label: record.id }),
  });
}

function connector(entities: ConnectorDefinition['entities']): ConnectorDefinition {
  return { name: 'test', description: 'test', pagination: 'auto', pageSize: 100, entities, migrations: {} };
}

describe('loadConnector', () => {
  it('derives the HR order from dependsOn, whatever the declaration order', () => {
    // hrConnector declares its entities in reverse dependency order on purpose.
    expect(hrConnector.entities.map((e) => e.name)).toEqual([
      'time_off_requests',
      'people',
      'departments',
      'locations',
    ]);
    const hr = loadConnector(hrConnector);
    expect(hr.order).toEqual(['locations', 'departments', 'people', 'time_off_requests']);
    expect(hr.levels).toEqual([['locations'], ['departments'], ['people'], ['time_off_requests']]);
  });

  it('allows self-references (a manager is a person)', () => {
    expect(() => loadConnector(connector([entity('people', ['people'])]))).not.toThrow();
  });

  it('groups independent entities into one level', () => {
    const loaded = loadConnector(connector([entity('a', []), entity('b', []), entity('c', ['a', 'b'])]));
    expect(loaded.levels).toEqual([['a', 'b'], ['c']]);
  });

  it('rejects a cycle and names it', () => {
    const definition = connector([entity('a', ['c']), entity('b', ['a']), entity('c', ['b'])]);
    expect(() => loadConnector(definition)).toThrow(/cycle: a → c → b → a/);
    expect(() => loadConnector(definition)).toThrow(
      expect.objectContaining({ name: 'ConnectorDefinitionError' }),
    );
  });

  it('rejects an unknown dependency and names it', () => {
    expect(() => loadConnector(connector([entity('tickets', ['projectz'])]))).toThrow(
      'entity "tickets" depends on unknown entity "projectz"',
    );
  });

  it('rejects duplicate entities and tables, engine column names and paths without {id}', () => {
    expect(() => loadConnector(connector([entity('a', []), entity('a', [])]))).toThrow(/declared twice/);
    expect(() => loadConnector(connector([entity('a', [], 't'), entity('b', [], 't')]))).toThrow(
      /used by two/,
    );
    const clash = { ...entity('a', []), columns: { deleted_at: 'timestamptz' } } as never;
    expect(() => loadConnector(connector([clash]))).toThrow(/column "deleted_at" is the engine's/);
    const noId = { ...entity('a', []), paths: { list: '/a', get: '/a/one', ids: '/a/ids' } };
    expect(() => loadConnector(connector([noId]))).toThrow(/must contain \{id\}/);
  });

  it('lists entities in dependency order for a subset', () => {
    const hr = getConnector('hr');
    expect(hr.entitiesInOrder(['time_off_requests', 'locations']).map((e) => e.name)).toEqual([
      'locations',
      'time_off_requests',
    ]);
    expect(() => hr.entitiesInOrder(['payslips'])).toThrow(/has no entity "payslips"/);
  });

  it('ships a second connector of another domain, also valid', () => {
    expect(connectorNames()).toEqual(['hr', 'ticketing']);
    expect(loadConnector(ticketingConnector).order).toEqual(['projects', 'tickets', 'comments']);
    expect(() => getConnector('crm')).toThrow(expect.objectContaining({ name: 'UnknownConnectorError' }));
  });
});

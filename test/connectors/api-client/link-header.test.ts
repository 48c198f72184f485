import { findNextLink } from '../../../connectors/api-client/link-header';

describe('findNextLink', () => {
  it.each([
    ['<http://h/v1/people?limit=5&cursor=abc>; rel="next"', 'http://h/v1/people?limit=5&cursor=abc'],
    ['<http://h/a>; rel=next', 'http://h/a'],
    ['<http://h/p>; rel="prev", <http://h/n>; rel="next"', 'http://h/n'],
    ['<http://h/n>; title="a, b; c"; rel="next"', 'http://h/n'],
    ['<http://h/n>; REL="Prev Next"', 'http://h/n'],
    ['</v1/people?cursor=x>; rel="next"', '/v1/people?cursor=x'],
    [['<http://h/p>; rel="prev"', '<http://h/n>; rel="next"'], 'http://h/n'],
  ])('finds the next link in %j', (header, expected) => {
    expect(findNextLink(header)).toBe(expected);
  });

  it.each([
    undefined,
    '',
    '<http://h/p>; rel="prev"',
    '<http://h/n>; rel="nextpage"',
    'http://h/n; rel="next"',
  ])('finds none in %j', (header) => {
    expect(findNextLink(header)).toBeUndefined();
  });
});

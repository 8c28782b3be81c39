// The soak's people act as the app's browser does, through the tests' web SDK client.
export { CallError, Client, callFunction } from '../../tests/web-client';

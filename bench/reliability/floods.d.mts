import type { WebSocket } from 'ws';

export interface PeerPayload { type: string; connectionId: string; sdp: { type: string; sdp: string }; metadata: null }
export function offerPayload(bytes?: number, connectionId?: string): PeerPayload;
export function openClient(port: number, id: string, token?: string): Promise<{ first: string; socket: WebSocket; messages: Array<{ type: string }>; closed: Promise<number> }>;
export function drained(socket: WebSocket, timeoutMs?: number): Promise<'pong' | 'closed' | 'timeout'>;

export interface OfferFloodResult { offers: number; clients: number; expires: number; closedByServer: number; ms: number }
export function offerFlood(port: number, options?: { offers?: number; perClient?: number; payloadBytes?: number; concurrency?: number; signal?: AbortSignal }): Promise<OfferFloodResult>;

export interface ChurnResult { cycles: number; opened: number; refused: number; ms: number }
export function connectionChurn(port: number, options?: { cycles?: number; concurrency?: number; signal?: AbortSignal }): Promise<ChurnResult>;

export interface CollisionResult { attempts: number; open: number; idTaken: number; other: number; holders: string[]; relayedBetweenHolders: number; ms: number }
export function idCollisionStorm(port: number, options?: { attempts?: number; ids?: number; concurrency?: number; signal?: AbortSignal }): Promise<CollisionResult>;

export interface OversizeResult { frames: number; bytes: number; closeCodes: Record<string, number>; stillOpen: number; ms: number }
export function oversizeFrames(port: number, options?: { frames?: number; bytes?: number; concurrency?: number; signal?: AbortSignal }): Promise<OversizeResult>;

export interface FloodMixTotals { rounds: number; offers: number; cycles: number; collisions: number; oversize: number }
export function floodMix(port: number, options?: { signal?: AbortSignal; round?: { offers: number; cycles: number; attempts: number; frames: number } }): Promise<FloodMixTotals>;

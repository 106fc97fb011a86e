import { lazy, Suspense } from 'react';
import { Loading } from '../../shared/components.tsx';

export type PinMapProps = {
  pin: { lon: number; lat: number } | null;
  /** Without it the map only shows; with it a click places the pin. */
  onPick?: (lon: number, lat: number) => void;
  streetId?: number | null;
  communityId?: number | null;
  gridId?: number | null;
  height?: number;
  label?: string;
  testid?: string;
  /** Where the boundaries come from: the staff's geography API, or the portal's public one. */
  source?: string;
  /** One shape drawn over the others and brought into view: a unit's boundary being edited. */
  outline?: { type: string; coordinates: unknown } | null;
};

/** Bumped when a boundary changed: the maps reload the polygons they cached instead of drawing the old ones. */
export const mapEpoch = { n: 0 };
export function forgetMapFeatures(): void {
  mapEpoch.n++;
}

// Leaflet and its stylesheet load with the first map shown, not with the console.
const loadPinMap = () => import('./PinMap.tsx');
const PinMap = lazy(loadPinMap);

/** Starts reading the map's code ahead of the first map, where one is about to be shown. */
export function preloadPinMap(): void {
  void loadPinMap();
}

export function LazyPinMap(props: PinMapProps) {
  return (
    <Suspense fallback={<Loading />}>
      <PinMap {...props} />
    </Suspense>
  );
}

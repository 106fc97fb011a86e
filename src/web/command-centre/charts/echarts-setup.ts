import * as echarts from 'echarts/core';
import { BarChart, EffectScatterChart, LineChart, MapChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts the board draws, so the lazily loaded chunk stays small.
echarts.use([BarChart, LineChart, MapChart, EffectScatterChart, GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };

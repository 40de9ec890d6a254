// Only the ECharts parts the dashboard uses, to keep the console bundle small.
import * as echarts from 'echarts/core'
import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, TitleComponent, LegendComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, TitleComponent, LegendComponent, CanvasRenderer])

export { echarts }

export function barOption(title, groups, { horizontal = false, color = '#3a8ee6' } = {}) {
  const names = groups.map((g) => g.name)
  const values = groups.map((g) => g.count)
  const category = { type: 'category', data: names, axisLabel: { interval: 0, width: 90, overflow: 'truncate' } }
  const value = { type: 'value', minInterval: 1 }
  return {
    title: { text: title, left: 'center', textStyle: { fontSize: 15 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 16, right: 24, top: 40, bottom: 16, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: [{ type: 'bar', name: '报名人数', data: values, itemStyle: { color }, label: { show: true, position: horizontal ? 'right' : 'top' } }],
    animationDurationUpdate: 600,
  }
}

export function pieOption(title, groups) {
  return {
    title: { text: title, left: 'center', textStyle: { fontSize: 15 } },
    tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: groups.map((g) => ({ name: g.name, value: g.count })), label: { formatter: '{b}\n{c}' } }],
    animationDurationUpdate: 600,
  }
}

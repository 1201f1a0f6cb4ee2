/**
 * The PNG of every chart.js chart kind: its module's configuration (the one the page draws too) rendered by
 * chartjs-node-canvas.
 */
import { renderChartPng } from '../chart-canvas.js';
import { changedFractionConfig, type ChangedFractionInput } from './changed-fraction.js';
import { changedByLayerConfig, type ChangedByLayerInput } from './changed-by-layer.js';
import { distanceConfig, type DistanceSeriesInput } from './distances.js';
import { layerClustersConfig, type LayerClustersInput } from './layer-clusters.js';
import { pcaConfig, type PcaInput } from './pca.js';
import { roleGroupMeansConfig, type RoleGroupMeansInput } from './role-group-means.js';
import { clusterMeansConfig, type ClusterMeansInput } from './rwc-cluster-means.js';
import { rwcClustersConfig, type RwcClustersInput } from './rwc-clusters.js';
import { screeConfig, type ScreeInput } from './scree.js';
import { trainingConfig, type TrainingInput } from './training.js';

export const renderChangedFraction = (input: ChangedFractionInput): Buffer => renderChartPng(changedFractionConfig(input));
export const renderChangedByLayer = (input: ChangedByLayerInput): Buffer => renderChartPng(changedByLayerConfig(input));
export const renderDistance = (input: DistanceSeriesInput): Buffer => renderChartPng(distanceConfig(input));
export const renderLayerClusters = (input: LayerClustersInput): Buffer => renderChartPng(layerClustersConfig(input));
export const renderPca = (input: PcaInput): Buffer => renderChartPng(pcaConfig(input));
export const renderRoleGroupMeans = (input: RoleGroupMeansInput): Buffer => renderChartPng(roleGroupMeansConfig(input));
export const renderClusterMeans = (input: ClusterMeansInput): Buffer => renderChartPng(clusterMeansConfig(input));
export const renderRwcClusters = (input: RwcClustersInput): Buffer => renderChartPng(rwcClustersConfig(input));
export const renderScree = (input: ScreeInput): Buffer => renderChartPng(screeConfig(input));
export const renderTraining = (input: TrainingInput): Buffer => renderChartPng(trainingConfig(input));
